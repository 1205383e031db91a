package io.iwpspark.lvlm.onevision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The video resize byte for byte against torch's antialiased uint8 bicubic (tools/onevision_video_resize_reference.py:
 * shrinking, enlarging, one axis only, both, on synthetic frames), beside the fixtures' own video pixels.
 */
class AntialiasBicubicTest {
    @Test
    void equalsTorchUint8Antialiasing() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(Path.of("src/test/resources/onevision/video_resize.json").toFile());
        for (JsonNode r : ref.get("resizes")) {
            int h = r.get("in_hw").get(0).asInt();
            int w = r.get("in_hw").get(1).asInt();
            int oh = r.get("out_hw").get(0).asInt();
            int ow = r.get("out_hw").get(1).asInt();
            int[] rgb = new int[h * w * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * w + x) * 3 + c] = (131 * y + 71 * x + 29 * c + (x * y) % 17) % 256;
                    }
                }
            }
            int[] out = AntialiasBicubic.resize(rgb, h, w, oh, ow);
            byte[] bytes = new byte[out.length];
            for (int i = 0; i < out.length; i++) {
                bytes[i] = (byte) out[i];
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertEquals(r.get("sha256").asText(), sha, h + "x" + w + " -> " + oh + "x" + ow);
        }
    }

    @Test
    void keysCubicByHand() {
        // a = -0.5: f(0) = 1, f(1) = 0, f(0.5) = 0.5625, f(1.5) = -0.0625, f(2) = 0
        assertEquals(1.0, AntialiasBicubic.filter(0));
        assertEquals(0.0, AntialiasBicubic.filter(1));
        assertEquals(0.5625, AntialiasBicubic.filter(0.5), 1e-15);
        assertEquals(-0.0625, AntialiasBicubic.filter(-1.5), 1e-15);
        assertEquals(0.0, AntialiasBicubic.filter(2));
    }
}
