package io.iwpspark.lvlm.onevision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.Fixtures;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.checkpoint.SafetensorsFile;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.lvlm.runtime.PromptTokens;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Two images in one sample against transformers 5.24 (tools/onevision_multi_image_reference.py on
 * tiny-onevision-a: Pillow processor, mean-colour squares, g^2 + 1 tokens per image).
 */
class OnevisionMultiImageTest {
    static final Path REF = Path.of("src/test/resources/onevision/multi-image");

    @Test
    void twoImagesMatchTransformers() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(REF.resolve("reference.json").toFile());
        Reference tensors = new Reference(REF, ref, SafetensorsFile.readHeader(REF.resolve("reference.safetensors")),
                Files.readAllBytes(REF.resolve("reference.safetensors")));
        Path fixture = Fixtures.dir(ref.get("fixture").asText());
        List<BufferedImage> images = new ArrayList<>();
        for (JsonNode name : ref.get("images")) {
            images.add(ImageIO.read(fixture.resolve("reference/" + name.asText()).toFile()));
        }
        try (OnevisionModel model = OnevisionModel.load(fixture)) {
            int[] ids = model.promptIds(ref.get("question").asText(), Media.Kind.IMAGE);
            int block = images.size() * ref.get("tokens_per_image").asInt();
            assertArrayEquals(Fixtures.ints(ref.get("input_ids")),
                    PromptTokens.Layout.expand(ids, model.config().imageTokenId(), block).ids(),
                    "one placeholder expanded to every image's tokens = one placeholder per image, each expanded");
            float[] pixels = tensors.tensor("pixel_values");
            Media media = Media.images(images);
            double px = Fixtures.maxAbsDiff(pixels, model.imagesPixels(media));
            assertTrue(px < 1e-5, "pixel values differ by " + px);
            try (PreparedSample s = model.prepareImages(pixels, images.size(), ids, PrepareOptions.defaults())) {
                double feat = Fixtures.maxAbsDiff(tensors.tensor("visual_features"), s.visual().projected().toFloatArray());
                assertTrue(feat < OnevisionVideoParityTest.TOL, "image rows differ by " + feat);
                double logits = Fixtures.maxAbsDiff(tensors.tensor("logits"), Fixtures.flatten(model.promptLogits(s)));
                assertTrue(logits < OnevisionVideoParityTest.TOL, "prompt logits differ by " + logits);
            }
            try (PreparedSample s = model.prepare(media, ref.get("question").asText(), PrepareOptions.defaults())) {
                Generation g = model.generate(s, null, 0, GenerationOptions.defaults().withMaxNewTokens(8));
                assertArrayEquals(Fixtures.ints(ref.get("generated_ids")), g.ids(), "greedy ids from the PNGs");
            }
        }
    }
}
