package io.iwpspark.lvlm.onevision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.Fixtures;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The image tiles byte for byte as transformers 5.24's LlavaOnevisionImageProcessorPil makes them (what
 * AutoImageProcessor resolves without torchvision): tools/onevision_pil_pixels.py recorded the SHA-256 of
 * their 8-bit levels for every fixture image, including a tile resized vertically first by Pillow 13.
 */
class OnevisionPilPixelsTest {
    @Test
    void tilesEqualThePillowProcessor() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(Path.of("src/test/resources/onevision/pil_pixels.json").toFile());
        for (JsonNode r : ref.get("images")) {
            String where = r.get("fixture").asText() + " " + r.get("media").asText();
            Path dir = Fixtures.dir(r.get("fixture").asText());
            try (OnevisionModel model = OnevisionModel.load(dir)) {
                AnyresImage image = model.imagePixels(ImageIO.read(dir.resolve("reference/" + r.get("media").asText()).toFile()));
                int side = model.config().vision().imageSize();
                assertArrayEquals(Fixtures.ints(r.get("shape")), new int[] {image.tiles(), 3, side, side}, where + ": tiles");
                FrameSettings s = OnevisionConfigReader.frames(dir, "image_processor");
                float[] mean = s.mean();
                float[] std = s.std();
                float[] px = image.pixels();
                byte[] levels = new byte[px.length];
                int plane = side * side;
                for (int i = 0; i < px.length; i++) {
                    int c = (i / plane) % 3;
                    levels[i] = (byte) Math.rint(((double) px[i] * std[c] + mean[c]) * 255);
                }
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(levels));
                assertEquals(r.get("sha256").asText(), sha, where + ": 8-bit tile levels");
            }
        }
    }
}
