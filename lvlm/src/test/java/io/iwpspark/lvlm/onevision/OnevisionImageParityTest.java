package io.iwpspark.lvlm.onevision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.Fixtures;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.anyres.Packing;
import io.iwpspark.lvlm.anyres.Unpad;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.HookOptions.PositionMode;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OneVision images against transformers 5.24 on the tiny-onevision fixtures (float32, eager): anyres
 * tiles, per-tile tower and projector outputs, the packed rows (base, unpadded map shrunk by
 * anyres_max_9 where the fixture needs it, a newline per row), every decoder layer's input, prompt
 * logits, greedy ids, pruned prefills in both position modes; and the checks both media share.
 */
class OnevisionImageParityTest {
    static final double TOL = OnevisionVideoParityTest.TOL;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-onevision-a", "tiny-onevision-b"})
    void imagesMatchTransformers(String fixture) throws IOException {
        Reference ref = Reference.of(fixture);
        try (OnevisionModel model = OnevisionModel.load(ref.dir())) {
            for (JsonNode p : ref.json().get("prompts")) {
                if (p.get("kind").asText().equals("image")) {
                    check(ref, model, p, fixture + " " + p.get("id").asText());
                }
            }
        }
    }

    private static void check(Reference ref, OnevisionModel model, JsonNode p, String where) throws IOException {
        String id = p.get("id").asText();
        int[] ids = model.promptIds(p.get("question").asText(), Media.Kind.IMAGE);
        assertArrayEquals(Fixtures.ints(p.get("input_ids_unexpanded")), ids, where + ": prompt ids");
        JsonNode anyres = p.get("anyres");
        AnyresImage image = model.imagePixels(ref.media(p).get(0));
        assertArrayEquals(Fixtures.ints(anyres.get("crop_grid_rows_cols")), new int[] {image.grid().rows(), image.grid().cols()},
                where + ": crop grid");
        assertEquals(anyres.get("crops_with_base").asInt(), image.tiles(), where + ": tiles");
        float[] pixels = ref.tensor(id + ".pixel_values");
        double px = Fixtures.maxAbsDiff(pixels, image.pixels());
        assertTrue(px <= OnevisionVideoParityTest.ONE_LEVEL, where + ": pixel values differ by " + px
                + " (more than one 8-bit level)");
        try (NDManager m = NDManager.newBaseManager()) {
            OnevisionEncoder.Tower t = model.encoder().run(m, pixels, image.tiles(), DataType.FLOAT32);
            double sel = Fixtures.maxAbsDiff(ref.tensor(id + ".vision_selected"), t.features().toFloatArray());
            assertTrue(sel < TOL, where + ": vision features differ by " + sel);
            double proj = Fixtures.maxAbsDiff(ref.tensor(id + ".projected"), t.projected().toFloatArray());
            assertTrue(proj < TOL, where + ": projected tiles differ by " + proj);
        }
        try (PreparedSample s = model.prepareImage(pixels, image.grid(), ids, PrepareOptions.defaults())) {
            assertArrayEquals(Fixtures.ints(p.get("input_ids")), s.ids(), where + ": expanded ids");
            double feat = Fixtures.maxAbsDiff(ref.tensor(id + ".visual_features"), s.visual().projected().toFloatArray());
            assertTrue(feat < TOL, where + ": packed image features differ by " + feat);
            if (p.get("tensors").has("decoder_layer_inputs")) {
                checkLayerInputs(ref, id, s, model.config().text().layers(), where);
            }
            double logits = Fixtures.maxAbsDiff(ref.tensor(id + ".logits"), Fixtures.flatten(model.promptLogits(s)));
            assertTrue(logits < TOL, where + ": prompt logits differ by " + logits);
            Generation g = model.generate(s, null, 0, GenerationOptions.defaults().withMaxNewTokens(8));
            assertArrayEquals(Fixtures.ints(p.get("generated_ids")), g.ids(), where + ": greedy ids");
            checkPruned(ref, model, s, id, where);
        }
        checkSpatial(ref, model, pixels, image, ids, where);
    }

    /**
     * anyres_unpad off: the original LLaVA "spatial" merge, base rows then the whole joined crop map, no
     * newline, made from transformers' own per-tile projections in the order of Packing (checked against
     * LLaVA's merge on h-next).
     */
    private static void checkSpatial(Reference ref, OnevisionModel model, float[] pixels, AnyresImage image, int[] ids,
            String where) {
        int g = model.config().grid();
        int d = model.config().text().hidden();
        int[] order = Packing.order(g, image.grid().rows(), image.grid().cols(),
                Unpad.Window.full(image.grid().rows() * g, image.grid().cols() * g), false);
        float[] tiles = ref.tensor(idOf(where) + ".projected"); // (tiles, g*g, D)
        float[] want = new float[order.length * d];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(tiles, order[i] * d, want, i * d, d);
        }
        try (PreparedSample s = model.prepareImage(pixels, image.grid(), ids, PrepareOptions.defaults().withAnyresUnpad(false))) {
            assertEquals(image.tiles() * g * g, s.visual().count(), where + ": spatial tokens");
            double diff = Fixtures.maxAbsDiff(want, s.visual().projected().toFloatArray());
            assertTrue(diff < TOL, where + ": spatial rows differ by " + diff);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.prepareImage(pixels, image.grid(), ids, PrepareOptions.defaults().withPoolStride(2)));
        assertTrue(e.getMessage().startsWith("poolStride must be 1 for llava_onevision"), e.getMessage());
    }

    private static String idOf(String where) {
        return where.substring(where.lastIndexOf(' ') + 1);
    }

    /** The hidden states entering every decoder layer, and the last layer's output. */
    static void checkLayerInputs(Reference ref, String id, PreparedSample s, int layers, String where) {
        float[] all = ref.tensor(id + ".decoder_layer_inputs"); // (layers + 1, S, D)
        int per = all.length / (layers + 1);
        for (int l = 0; l <= layers; l++) {
            float[] want = Arrays.copyOfRange(all, l * per, (l + 1) * per);
            double d = Fixtures.maxAbsDiff(want, s.boundary(l).toFloatArray());
            assertTrue(d < TOL, where + ": hidden states entering layer " + l + " differ by " + d);
        }
    }

    /** The pruned prefill of the fixture's kept rows: last-position logits in both position modes. */
    static void checkPruned(Reference ref, OnevisionModel model, PreparedSample s, String id, String where) {
        for (JsonNode pr : ref.json().get("pruned")) {
            if (!pr.get("prompt").asText().equals(id)) {
                continue;
            }
            int[] kept = Fixtures.ints(pr.get("kept_visual_indices"));
            int v = model.config().text().vocabSize();
            for (PositionMode mode : PositionMode.values()) {
                String key = mode == PositionMode.ORIGINAL ? "original_positions" : "reindexed_positions";
                float[] all = ref.tensor(pr.get("variants").get(key).get("logits").asText());
                float[] last = Arrays.copyOfRange(all, all.length - v, all.length);
                Generation g = model.generate(s, new FixedPruner(kept), kept.length,
                        GenerationOptions.defaults().withMaxNewTokens(1).withLogits(true).withPositions(mode));
                double d = Fixtures.maxAbsDiff(last, g.logits()[0]);
                assertTrue(d < TOL, where + " pruned, " + mode + " positions: logits differ by " + d);
            }
        }
    }
}
