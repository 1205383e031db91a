package io.iwpspark.lvlm.hook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.llama.LlamaDecoder;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage served from the sample's shared keys, values and error norms reports what the same stage computing
 * its own reports: the same kept tokens, the same dual-weight errors (host Gram vs device blocks: 1e-6
 * relative), the same rebuilt sequence; and the keys are computed once for every configuration of the sample.
 */
class SharedStageInputsTest {
    static final int VISUAL_START = 5;
    static final int N = 40;
    static final int TEXT = 7;
    @TempDir
    static Path dir;
    static NDManager manager;
    static LlamaDecoder decoder;

    @BeforeAll
    static void load() throws IOException, CheckpointException {
        manager = NDManager.newBaseManager();
        decoder = SplitMixDecoder.load(manager, dir);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** The prefix's state entering layer 1 (its hidden states are {@code h1} itself, as a continuation starts). */
    private static SequenceState state(NDManager m, NDArray h0, NDArray h1) {
        SequenceState st = new SequenceState();
        st.hidden = h1;
        st.previousInput = h0;
        st.positions = Positions.sequence((int) h1.getShape().get(0));
        st.visualStart = VISUAL_START;
        st.visualCount = N;
        st.track = VisualTrack.initial(m.zeros(new Shape(N, 1)), null, null);
        return st;
    }

    @Test
    void sharedStagesReportWhatOwnStagesReport() {
        Pruner[] pruners = {PrunerRegistry.load().create("iwp", Map.of("layer", "1")),
            PrunerRegistry.load().create("iwp", Map.of("layer", "1", "rope", "after")),
            PrunerRegistry.load().create("random", Map.of()),
            PrunerRegistry.load().create("fastv", Map.of("k", "1"))};
        HookOptions opt = new HookOptions(HookOptions.KeyRope.BEFORE_ROPE, HookOptions.PositionMode.ORIGINAL, true);
        try (NDManager m = manager.newSubManager()) {
            int s = VISUAL_START + N + TEXT;
            NDArray h0 = m.create(SplitMixDecoder.values(11, s * SplitMixDecoder.HIDDEN), new Shape(s, SplitMixDecoder.HIDDEN));
            KvCache prefix = new KvCache(m, decoder.layers());
            NDArray h1 = decoder.step(0, m, h0, Positions.sequence(s), prefix);
            SharedStageInputs shared = new SharedStageInputs(m.newSubManager(), new NDArray[] {h0, h1});
            StageContext own = new StageContext(decoder, x -> x, 1, 1, N, 3, opt);
            StageContext withShared = new StageContext(decoder, x -> x, 1, 1, N, 3, opt, shared);
            for (Pruner p : pruners) {
                for (int keep : new int[] {4, 17, 33}) { // kept < pruned and kept > pruned: both host sums
                    try (NDManager g = m.newSubManager()) {
                        SequenceState a = state(g, h0, h1);
                        SequenceState b = state(g, h0, h1);
                        assertTrue(shared.covers(b, 1));
                        StageReport ra = StageExecutor.apply(g, a, KvCache.sharing(g, prefix, 1), p, new Stage(1, keep), own);
                        StageReport rb = StageExecutor.apply(g, b, KvCache.sharing(g, prefix, 1), p, new Stage(1, keep),
                                withShared);
                        String what = p.name() + " " + p.keysAfterRope() + " keep " + keep;
                        assertArrayEquals(ra.kept(), rb.kept(), what);
                        assertEquals(ra.dualErrorExp(), rb.dualErrorExp(), 1e-6 * ra.dualErrorExp(), what + " exp error");
                        assertEquals(ra.dualErrorLinear(), rb.dualErrorLinear(), 1e-6 * ra.dualErrorLinear(),
                                what + " linear error");
                        assertTrue(ra.dualErrorExp() > 0 && ra.dualErrorLinear() > 0, what);
                        assertEquals(0.0, a.hidden.sub(b.hidden).abs().max().getFloat(), what + " rebuilt hidden states");
                        assertFalse(shared.covers(b, 1), "after the stage the sequence is its own");
                    }
                }
            }
            // keys before and after RoPE were each computed once, by the first stage that asked
            for (boolean rotate : new boolean[] {false, true}) {
                assertNotNull(shared.entry(1, rotate, () -> fail("layer 1 keys (rotate " + rotate + ") recomputed")));
            }
            shared.close();
        }
    }
}
