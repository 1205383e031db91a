package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.HookOptions.PositionMode;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pruning hook on the mha fixture (2 layers, 16 visual tokens at sequence positions 3..18 of 27). */
class HookTest {
    static final String FIXTURE = "tiny-llava-mha";
    static LlavaModel model;
    static float[] pixels;
    static int[] promptIds;
    static JsonNode ref;

    @BeforeAll
    static void load() throws IOException {
        model = LlavaModel.load(Fixtures.dir(FIXTURE));
        ref = Fixtures.reference(FIXTURE);
        JsonNode p0 = ref.get("prompts").get(0);
        pixels = Fixtures.tensor(FIXTURE, "p0.pixel_values");
        promptIds = Fixtures.ints(p0.get("input_ids_unexpanded"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static PreparedSample sample(PrepareOptions o) {
        return model.prepare(pixels, 1, promptIds, o);
    }

    static GenerationOptions opts(int maxNew) {
        return GenerationOptions.defaults().withMaxNewTokens(maxNew).withLogits(true);
    }

    @Test
    void prunedPrefillMatchesTransformersWithBothPositionModes() throws IOException {
        int[] kept = Fixtures.ints(ref.get("pruned").get("kept_visual_indices"));
        try (PreparedSample s = sample(PrepareOptions.defaults())) {
            for (PositionMode mode : PositionMode.values()) {
                String key = mode == PositionMode.ORIGINAL ? "p0.pruned_original_positions.logits"
                        : "p0.pruned_reindexed_positions.logits";
                float[] all = Fixtures.tensor(FIXTURE, key); // (15, V)
                int v = model.config().text().vocabSize();
                float[] last = java.util.Arrays.copyOfRange(all, all.length - v, all.length);
                Generation g = model.generate(s, TestPruners.fixed(0, kept), kept.length, opts(1).withPositions(mode));
                double d = Fixtures.maxAbsDiff(last, g.logits()[0]);
                assertTrue(d < ParityTest.LOGIT_TOL, mode + ": pruned logits differ from transformers by " + d);
            }
        }
    }

    @Test
    void aBudgetOfEveryTokenEqualsTheUnprunedRun() {
        int[] all = new int[16];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Pruner iwp = PrunerRegistry.load().create("iwp", Map.of("layer", "1"));
        try (PreparedSample s = sample(PrepareOptions.defaults())) {
            Generation base = model.generate(s, null, 0, opts(6));
            for (Pruner p : new Pruner[] {TestPruners.fixed(0, all), TestPruners.fixed(1, all), iwp}) {
                Generation g = model.generate(s, p, 16, opts(6));
                assertArrayEquals(base.ids(), g.ids(), p.name());
                double d = Fixtures.maxAbsDiff(Fixtures.flatten(base.logits()), Fixtures.flatten(g.logits()));
                assertTrue(d < 1e-5, p.name() + ": logits differ from the unpruned run by " + d);
                assertEquals(0.0, g.stages().get(0).dualErrorExp(), 1e-6, p.name());
                assertEquals(0.0, g.stages().get(0).dualErrorLinear(), 1e-6, p.name());
            }
        }
    }

    @Test
    void pruningToFewTokensChangesTheLogits() {
        try (PreparedSample s = sample(PrepareOptions.defaults())) {
            Generation base = model.generate(s, null, 0, opts(1));
            Generation few = model.generate(s, TestPruners.fixed(0, 2, 9), 2, opts(1));
            double d = Fixtures.maxAbsDiff(base.logits()[0], few.logits()[0]);
            assertTrue(d > 1e-2, "keeping 2 of 16 tokens moved the logits by only " + d);
            double err = few.stages().get(0).dualErrorExp();
            assertTrue(err > 0 && err <= 1, "dual-weight error of 2 of 16 kept must be in (0, 1], found " + err);
            assertArrayEquals(new int[] {2, 2}, few.visualTokensPerLayer());
            assertArrayEquals(new int[] {27 - 14, 27 - 14}, few.tokensPerLayer());
        }
    }

    @Test
    void kvCachedDecodingEqualsFullRecomputation() {
        int n = 6;
        int[] kept = {1, 4, 7, 8, 12};
        try (PreparedSample s = sample(PrepareOptions.defaults())) {
            Generation cached = model.generate(s, null, 0, opts(n));
            Generation prunedCached = model.generate(s, TestPruners.fixed(0, kept), kept.length, opts(n));
            assertEquals(n, cached.ids().length);
            for (int k = 1; k < n; k++) {
                // The prompt followed by the first k generated tokens, recomputed in one prefill.
                int[] ids = java.util.Arrays.copyOf(promptIds, promptIds.length + k);
                System.arraycopy(cached.ids(), 0, ids, promptIds.length, k);
                try (PreparedSample full = model.prepare(pixels, 1, ids, PrepareOptions.defaults())) {
                    float[][] logits = model.promptLogits(full);
                    double d = Fixtures.maxAbsDiff(logits[logits.length - 1], cached.logits()[k]);
                    assertTrue(d < 1e-4, "step " + k + ": cached logits differ from recomputation by " + d);
                }
                int[] prunedIds = java.util.Arrays.copyOf(promptIds, promptIds.length + k);
                System.arraycopy(prunedCached.ids(), 0, prunedIds, promptIds.length, k);
                try (PreparedSample full = model.prepare(pixels, 1, prunedIds, PrepareOptions.defaults())) {
                    Generation once = model.generate(full, TestPruners.fixed(0, kept), kept.length, opts(1));
                    double d = Fixtures.maxAbsDiff(once.logits()[0], prunedCached.logits()[k]);
                    assertTrue(d < 1e-4, "pruned step " + k + ": cached logits differ from recomputation by " + d);
                }
            }
        }
    }

    @Test
    void multiStagePruningCountsTokensPerLayerAndReusesAnyPrefixDepth() {
        Pruner twoStages = TestPruners.prefixes(new int[] {0, 1}, new int[] {8, 4});
        Pruner late = TestPruners.prefixes(new int[] {1}, new int[] {4});
        try (PreparedSample all = sample(PrepareOptions.defaults());
                PreparedSample none = sample(PrepareOptions.defaults().withPrefixLayers(0))) {
            Generation g = model.generate(all, twoStages, 6, opts(4));
            assertArrayEquals(new int[] {8, 4}, g.visualTokensPerLayer());
            assertArrayEquals(new int[] {19, 15}, g.tokensPerLayer());
            assertEquals(16.0, g.stages().get(0).diagnostics().get("present"));
            assertEquals(8.0, g.stages().get(1).diagnostics().get("present"));
            Generation a = model.generate(all, late, 4, opts(4));
            Generation b = model.generate(none, late, 4, opts(4));
            assertArrayEquals(a.ids(), b.ids());
            assertTrue(Fixtures.maxAbsDiff(Fixtures.flatten(a.logits()), Fixtures.flatten(b.logits())) < 1e-5,
                    "a stage at layer 1 must not depend on how deep the shared prefix went");
        }
    }

    @Test
    void mergedTokensEnterTheSequenceAfterTheKeptOnes() {
        // A merged token that copies token 6 must act exactly as keeping token 6 (re-indexed positions).
        GenerationOptions reindex = opts(3).withPositions(PositionMode.REINDEX);
        try (PreparedSample s = sample(PrepareOptions.defaults())) {
            for (int layer : new int[] {0, 1}) {
                Generation keep = model.generate(s, TestPruners.fixed(layer, 0, 1, 2, 3, 4, 5, 6), 7, reindex);
                MergeSpace space = layer == 0 ? MergeSpace.VISION_FEATURES : MergeSpace.HIDDEN;
                Generation merged = model.generate(s, TestPruners.mergeCopy(layer, space, 6, 0, 1, 2, 3, 4, 5), 7, reindex);
                assertArrayEquals(keep.ids(), merged.ids(), space.toString());
                double d = Fixtures.maxAbsDiff(Fixtures.flatten(keep.logits()), Fixtures.flatten(merged.logits()));
                assertTrue(d < 1e-5, space + ": merged copy differs from keeping the token by " + d);
                assertEquals(1, merged.stages().get(0).merged());
            }
        }
    }
}
