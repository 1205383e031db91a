package io.iwpspark.lvlm.onevision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.HookOptions.PositionMode;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.util.Arrays;

/** OneVision images against transformers 5.24 on the tiny-onevision fixtures, and the checks both media share. */
class OnevisionImageParityTest {
    static final double TOL = OnevisionVideoParityTest.TOL;

    /** The hidden states entering every decoder layer, and the last layer's output. */
    static void checkLayerInputs(Reference ref, String id, PreparedSample s, int layers, String where) {
        float[] all = ref.tensor(id + ".decoder_layer_inputs"); // (layers + 1, S, D)
        int per = all.length / (layers + 1);
        for (int l = 0; l <= layers; l++) {
            float[] want = Arrays.copyOfRange(all, l * per, (l + 1) * per);
            double d = Reference.maxAbsDiff(want, s.boundary(l).toFloatArray());
            assertTrue(d < TOL, where + ": hidden states entering layer " + l + " differ by " + d);
        }
    }

    /** The pruned prefill of the fixture's kept rows: last-position logits in both position modes. */
    static void checkPruned(Reference ref, OnevisionModel model, PreparedSample s, String id, String where) {
        for (JsonNode pr : ref.json().get("pruned")) {
            if (!pr.get("prompt").asText().equals(id)) {
                continue;
            }
            int[] kept = Reference.ints(pr.get("kept_visual_indices"));
            int v = model.config().text().vocabSize();
            for (PositionMode mode : PositionMode.values()) {
                String key = mode == PositionMode.ORIGINAL ? "original_positions" : "reindexed_positions";
                float[] all = ref.tensor(pr.get("variants").get(key).get("logits").asText());
                float[] last = Arrays.copyOfRange(all, all.length - v, all.length);
                Generation g = model.generate(s, new FixedPruner(kept), kept.length,
                        GenerationOptions.defaults().withMaxNewTokens(1).withLogits(true).withPositions(mode));
                double d = Reference.maxAbsDiff(last, g.logits()[0]);
                assertTrue(d < TOL, where + " pruned, " + mode + " positions: logits differ by " + d);
            }
        }
    }
}
