package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.anyres.CropGrid;
import io.iwpspark.lvlm.anyres.Packing;
import io.iwpspark.lvlm.anyres.Size;
import io.iwpspark.lvlm.anyres.Unpad;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.HookOptions.PositionMode;
import io.iwpspark.lvlm.llavanext.LlavaNextModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LLaVA-NeXT against transformers 5.24 on the family fixtures (tools/make_family_fixtures.py):
 * tiny-llava-next-a (Vicuna prompt, LLaMA GQA decoder, feature layer -2; wide, tall and RGBA images) and
 * tiny-llava-next-b (Mistral [INST] prompt and decoder, feature layer -1). Per prompt: prompt ids,
 * pixel values of the PNG (every tile), expanded ids, tower features behind each packed row, the packed
 * visual features, hidden states entering every layer, prompt logits, greedy ids (from the reference
 * pixels and from the PNG), and the pruned prefill of fixed kept indices in both position modes.
 */
class LlavaNextParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"tiny-llava-next-a", "tiny-llava-next-b"})
    void matchesTransformers(String fixture) throws IOException {
        JsonNode ref = Fixtures.reference(fixture);
        try (Lvlm lvlm = ModelFamilies.load(Fixtures.dir(fixture))) {
            LlavaNextModel model = (LlavaNextModel) lvlm;
            assertEquals("llava_next", model.card().family());
            int layers = model.config().base().text().layers();
            for (JsonNode p : ref.get("prompts")) {
                String id = p.get("id").asText();
                String where = fixture + " " + id;
                String question = p.get("question").asText();
                int[] promptIds = model.promptIds(question, Media.Kind.IMAGE);
                assertArrayEquals(Fixtures.ints(p.get("input_ids_unexpanded")), promptIds, where + ": prompt ids");
                BufferedImage image = ImageIO.read(Fixtures.dir(fixture).resolve("reference/" + p.get("media").asText())
                        .toFile());
                float[] refPixels = Fixtures.tensor(fixture, id + ".pixel_values");
                double pixelDiff = Fixtures.maxAbsDiff(refPixels, model.pixelValues(image));
                assertTrue(pixelDiff < 1e-5, where + ": pixel values differ by " + pixelDiff);
                Size size = new Size(image.getHeight(), image.getWidth());
                try (PreparedSample s = model.prepare(refPixels, size, promptIds, PrepareOptions.defaults())) {
                    assertArrayEquals(Fixtures.ints(p.get("input_ids")), s.ids(), where + ": expanded ids");
                    assertEquals(p.get("visual_token_count").asInt(), s.visual().count(), where + ": visual tokens");
                    checkFeatures(fixture, id, model, size, s);
                    double feat = Fixtures.maxAbsDiff(Fixtures.tensor(fixture, id + ".visual_features"),
                            s.visual().projected().toFloatArray());
                    assertTrue(feat < ParityTest.LOGIT_TOL, where + ": packed visual features differ by " + feat);
                    if (p.get("tensors").has("decoder_layer_inputs")) {
                        checkLayerInputs(fixture, id, s, layers);
                    }
                    double logits = Fixtures.maxAbsDiff(Fixtures.tensor(fixture, id + ".logits"),
                            Fixtures.flatten(model.promptLogits(s)));
                    assertTrue(logits < ParityTest.LOGIT_TOL, where + ": prompt logits differ by " + logits);
                    Generation g = model.generate(s, null, 0, GenerationOptions.defaults()
                            .withMaxNewTokens(ref.get("generation").get("max_new_tokens").asInt()));
                    assertArrayEquals(Fixtures.ints(p.get("generated_ids")), g.ids(), where + ": greedy ids");
                    checkPruned(fixture, ref, id, model, s);
                }
                try (PreparedSample fromPng = model.prepare(Media.image(image), question, PrepareOptions.defaults())) {
                    Generation g = model.generate(fromPng, null, 0, GenerationOptions.defaults().withMaxNewTokens(8));
                    assertArrayEquals(Fixtures.ints(p.get("generated_ids")), g.ids(), where + ": greedy ids from the PNG");
                }
            }
        }
    }

    /** Each packed row's tower features are vision_selected's row the packing names (zeros for image_newline). */
    private static void checkFeatures(String fixture, String id, LlavaNextModel model, Size size, PreparedSample s)
            throws IOException {
        int side = model.config().base().vision().imageSize();
        int g = model.config().grid();
        CropGrid grid = CropGrid.plan(size, model.config().pinpoints(), side);
        int[] order = Packing.order(g, grid.rows(), grid.cols(), Unpad.window(size, grid.rows() * g, grid.cols() * g), true);
        float[] selected = Fixtures.tensor(fixture, id + ".vision_selected"); // (tiles, g*g, Dv)
        int dv = model.config().base().projectorInput();
        float[] expected = new float[order.length * dv];
        for (int i = 0; i < order.length; i++) {
            if (order[i] != Packing.NEWLINE) {
                System.arraycopy(selected, order[i] * dv, expected, i * dv, dv);
            }
        }
        double d = Fixtures.maxAbsDiff(expected, s.visual().features().toFloatArray());
        assertTrue(d < ParityTest.LOGIT_TOL, fixture + " " + id + ": tower features behind the packed rows differ by " + d);
    }

    private static void checkLayerInputs(String fixture, String id, PreparedSample s, int layers) throws IOException {
        float[] all = Fixtures.tensor(fixture, id + ".decoder_layer_inputs"); // (layers + 1, S, D)
        int per = all.length / (layers + 1);
        for (int l = 0; l <= layers; l++) {
            float[] ref = java.util.Arrays.copyOfRange(all, l * per, (l + 1) * per);
            double d = Fixtures.maxAbsDiff(ref, s.boundary(l).toFloatArray());
            assertTrue(d < ParityTest.LOGIT_TOL, fixture + " " + id + ": hidden states entering layer " + l
                    + " differ by " + d);
        }
    }

    /** transformers' prefill of only the kept tokens: last row equals our pruned run's first logits. */
    private static void checkPruned(String fixture, JsonNode ref, String id, LlavaNextModel model, PreparedSample s)
            throws IOException {
        for (JsonNode pruned : ref.get("pruned")) {
            if (!pruned.get("prompt").asText().equals(id)) {
                continue;
            }
            int[] kept = Fixtures.ints(pruned.get("kept_visual_indices"));
            int v = model.config().base().text().vocabSize();
            for (PositionMode mode : PositionMode.values()) {
                String variant = mode == PositionMode.ORIGINAL ? "original_positions" : "reindexed_positions";
                float[] all = Fixtures.tensor(fixture, pruned.get("variants").get(variant).get("logits").asText());
                float[] last = java.util.Arrays.copyOfRange(all, all.length - v, all.length);
                Generation g = model.generate(s, TestPruners.fixed(0, kept), kept.length,
                        GenerationOptions.defaults().withMaxNewTokens(1).withLogits(true).withPositions(mode));
                double d = Fixtures.maxAbsDiff(last, g.logits()[0]);
                assertTrue(d < ParityTest.LOGIT_TOL, fixture + " " + id + " " + mode + ": pruned logits differ by " + d);
            }
        }
    }
}
