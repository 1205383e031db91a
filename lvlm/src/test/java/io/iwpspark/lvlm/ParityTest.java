package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with Hugging Face transformers (the reference implementation): the fixtures' reference
 * values were computed by transformers in float32 on tiny random checkpoints in the real layouts.
 */
class ParityTest {
    static final double LOGIT_TOL = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llava-mha", "tiny-llava-gqa", "tiny-llava-legacy-sharded", "tiny-llava-bf16"})
    void matchesTransformers(String fixture) throws IOException {
        JsonNode ref = Fixtures.reference(fixture);
        try (LlavaModel model = LlavaModel.load(Fixtures.dir(fixture))) {
            for (JsonNode p : ref.get("prompts")) {
                if (p.get("image").isNull()) {
                    continue; // text-only prompt: this runtime always has a visual block
                }
                String id = p.get("id").asText();
                String where = fixture + " " + id;
                assertArrayEquals(Fixtures.ints(p.get("input_ids_unexpanded")), model.promptIds(p.get("question").asText()),
                        where + ": prompt ids");
                BufferedImage image = ImageIO.read(Fixtures.dir(fixture).resolve("reference/" + p.get("image").asText()).toFile());
                float[] refPixels = Fixtures.tensor(fixture, id + ".pixel_values");
                double pixelDiff = Fixtures.maxAbsDiff(refPixels, model.pixels(List.of(image)));
                assertTrue(pixelDiff < 1e-5, where + ": pixel values differ by " + pixelDiff);
                try (PreparedSample s = model.prepare(refPixels, 1, model.promptIds(p.get("question").asText()),
                        PrepareOptions.defaults())) {
                    assertArrayEquals(Fixtures.ints(p.get("input_ids")), s.ids(), where + ": expanded ids");
                    double feat = Fixtures.maxAbsDiff(Fixtures.tensor(fixture, id + ".image_features"),
                            s.visual().projected().toFloatArray());
                    assertTrue(feat < LOGIT_TOL, where + ": image features differ by " + feat);
                    if (id.equals(ref.get("hidden_states_prompt").asText())) {
                        checkLayerInputs(fixture, id, s, model.config().text().layers());
                    }
                    double logits = Fixtures.maxAbsDiff(Fixtures.tensor(fixture, id + ".logits"),
                            Fixtures.flatten(model.promptLogits(s)));
                    assertTrue(logits < LOGIT_TOL, where + ": prompt logits differ by " + logits);
                    Generation g = model.generate(s, null, 0, GenerationOptions.defaults()
                            .withMaxNewTokens(ref.get("generation").get("max_new_tokens").asInt()));
                    assertArrayEquals(Fixtures.ints(p.get("generated_ids")), g.ids(), where + ": greedy ids");
                }
                try (PreparedSample fromImage = model.prepare(List.of(image), p.get("question").asText())) {
                    Generation g = model.generate(fromImage, null, 0, GenerationOptions.defaults().withMaxNewTokens(8));
                    assertArrayEquals(Fixtures.ints(p.get("generated_ids")), g.ids(), where + ": greedy ids from the PNG");
                }
            }
        }
    }

    private static void checkLayerInputs(String fixture, String id, PreparedSample s, int layers) throws IOException {
        float[] all = Fixtures.tensor(fixture, id + ".decoder_layer_inputs"); // (layers + 1, S, D)
        int per = all.length / (layers + 1);
        for (int l = 0; l <= layers; l++) {
            float[] ref = java.util.Arrays.copyOfRange(all, l * per, (l + 1) * per);
            double d = Fixtures.maxAbsDiff(ref, s.boundary(l).toFloatArray());
            assertTrue(d < LOGIT_TOL, fixture + " " + id + ": hidden states entering layer " + l + " differ by " + d);
        }
    }
}
