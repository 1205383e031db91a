package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.HookOptions.KeyRope;
import io.iwpspark.lvlm.hook.PrunerContractException;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the hook hands a pruner, checked against the arrays of the prefix it came from (gqa fixture). */
class NeedsTest {
    static final String FIXTURE = "tiny-llava-gqa";
    static LlavaModel model;
    static PreparedSample sample;
    static final int V0 = 3; // first visual row
    static final int N = 16;
    static final int S = 27;

    @BeforeAll
    static void load() throws IOException {
        model = LlavaModel.load(Fixtures.dir(FIXTURE));
        int[] ids = Fixtures.ints(Fixtures.reference(FIXTURE).get("prompts").get(0).get("input_ids_unexpanded"));
        sample = model.prepare(Fixtures.tensor(FIXTURE, "p0.pixel_values"), 1, ids, PrepareOptions.defaults());
    }

    @AfterAll
    static void close() {
        sample.close();
        model.close();
    }

    static float[] rows(NDArray x, int from, int to) {
        int width = (int) (x.size() / x.getShape().get(0));
        return java.util.Arrays.copyOfRange(x.toFloatArray(), from * width, to * width);
    }

    /** Keys (Hkv, S, d) of the cache restricted to the visual tokens: (Hkv, N, d) flattened. */
    static float[] cachedVisualKeys(int layer) {
        NDArray k = sample.cache().keys(layer);
        int hkv = (int) k.getShape().get(0);
        int d = (int) k.getShape().get(2);
        float[] all = k.toFloatArray();
        float[] out = new float[hkv * N * d];
        for (int g = 0; g < hkv; g++) {
            System.arraycopy(all, (g * S + V0) * d, out, g * N * d, N * d);
        }
        return out;
    }

    @Test
    void layerOneGetsWhatItAsksForWithTheDeclaredShapes() {
        TestPruners.Recording before = new TestPruners.Recording(1, 5);
        TestPruners.Recording after = new TestPruners.Recording(1, 5);
        model.generate(sample, before, 5, GenerationOptions.defaults().withMaxNewTokens(1));
        model.generate(sample, after, 5, GenerationOptions.defaults().withMaxNewTokens(1).withKeys(KeyRope.AFTER_ROPE));
        int hkv = model.config().text().kvHeads();
        int d = model.config().text().headDim();
        int t = S - V0 - N;
        assertArrayEquals(new long[] {hkv, N, d}, before.shapes.get("keys"));
        assertArrayEquals(new long[] {hkv, t, d}, before.shapes.get("textKeys"));
        assertArrayEquals(new long[] {N}, before.shapes.get("lastTokenAttention"));
        assertArrayEquals(new long[] {N}, before.shapes.get("lastTokenAttentionAtStage"));
        assertArrayEquals(new long[] {t, N}, before.shapes.get("textToVisualAttention"));
        assertArrayEquals(new long[] {N}, before.shapes.get("clsAttention"));
        assertArrayEquals(new long[] {N, model.config().vision().headDim()}, before.shapes.get("visionKeys"));
        // Keys after RoPE are what layer 1 cached; before RoPE they differ (positions 3..18 rotate them).
        assertTrue(Fixtures.maxAbsDiff(cachedVisualKeys(1), after.values.get("keys")) < 1e-6);
        assertTrue(Fixtures.maxAbsDiff(cachedVisualKeys(1), before.values.get("keys")) > 1e-3);
        assertArrayEquals(after.values.get("values"), before.values.get("values"));
        // Hidden states are the prefix's, split at the visual block.
        assertArrayEquals(rows(sample.boundary(1), V0, V0 + N), before.values.get("visualHidden"));
        assertArrayEquals(rows(sample.boundary(1), V0 + N, S), before.values.get("textHidden"));
        assertArrayEquals(sample.visual().features().toFloatArray(), before.values.get("visionFeatures"));
        // The last token's attention is the last row of the text-to-visual map; probabilities stay in [0, 1].
        float[] ttv = before.values.get("textToVisualAttention");
        assertArrayEquals(java.util.Arrays.copyOfRange(ttv, (t - 1) * N, t * N), before.values.get("lastTokenAttention"));
        for (int r = 0; r < t; r++) {
            double sum = 0;
            for (int j = 0; j < N; j++) {
                float p = ttv[r * N + j];
                assertTrue(p > 0 && p < 1, "attention " + p + " at row " + r);
                sum += p;
            }
            assertTrue(sum < 1, "a text token also attends to text, so its visual share is below 1, found " + sum);
        }
        float heads = model.config().vision().heads();
        for (float c : before.values.get("clsAttention")) {
            assertTrue(c > 0 && c < heads, "CLS attention summed over heads must be in (0, heads), found " + c);
        }
    }

    @Test
    void layerZeroSeesProjectedEmbeddingsAndTokenEmbeddings() {
        TestPruners.Recording r = new TestPruners.Recording(0, 4);
        model.generate(sample, r, 4, GenerationOptions.defaults().withMaxNewTokens(1));
        assertArrayEquals(sample.visual().projected().toFloatArray(), r.values.get("visualHidden"));
        assertArrayEquals(rows(sample.boundary(0), V0 + N, S), r.values.get("textHidden"));
    }

    @Test
    void aStageThatCannotBeServedOrABadSelectionIsRefused() {
        Pruner attentionAtZero = new Pruner() {
            public String name() {
                return "needs-attention";
            }

            public Set<Need> needs() {
                return Set.of(Need.LAST_TOKEN_ATTENTION);
            }

            public List<Stage> plan(int n, int budget, int layers) {
                return List.of(new Stage(0, budget));
            }

            public Selection select(PruneInputs in, Stage s) {
                return Selection.of(new int[] {0}, Map.of());
            }
        };
        PrunerContractException e = assertThrows(PrunerContractException.class,
                () -> model.generate(sample, attentionAtZero, 1, GenerationOptions.defaults()));
        assertTrue(e.getMessage().contains("layer 0"), e.getMessage());
        Pruner wrongCount = TestPruners.prefixes(new int[] {0}, new int[] {4});
        Pruner liar = new Pruner() {
            public String name() {
                return "liar";
            }

            public Set<Need> needs() {
                return Set.of();
            }

            public List<Stage> plan(int n, int budget, int layers) {
                return wrongCount.plan(n, budget, layers);
            }

            public Selection select(PruneInputs in, Stage s) {
                return Selection.of(new int[] {0, 1}, Map.of());
            }
        };
        e = assertThrows(PrunerContractException.class, () -> model.generate(sample, liar, 4, GenerationOptions.defaults()));
        assertTrue(e.getMessage().contains("must return 4 tokens") && e.getMessage().contains("found 2"), e.getMessage());
    }
}
