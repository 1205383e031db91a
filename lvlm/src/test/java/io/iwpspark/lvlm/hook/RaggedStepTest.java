package io.iwpspark.lvlm.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.llama.LlamaDecoder;
import io.iwpspark.lvlm.nn.Rows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One decoder layer on a ragged batch against each sequence alone: three sequences with caches of
 * 5, 3 and 0 tokens (pruned, non-contiguous positions) take 2, 1 and 3 new tokens; rows and cache
 * lengths must agree, with and without a sliding window (which then cuts into the longer caches).
 */
class RaggedStepTest {
    static final int[] PAST = {5, 3, 0};
    static final int[] NEW = {2, 1, 3};

    @TempDir
    Path dir;

    @Test
    void batchedLayerEqualsEachSequenceAlone() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            LlamaDecoder plain = SplitMixDecoder.load(m, dir);
            TextConfig c = SplitMixDecoder.CONFIG;
            TextConfig windowed = new TextConfig(c.vocabSize(), c.hidden(), c.intermediate(), c.layers(), c.heads(),
                    c.kvHeads(), c.headDim(), c.rmsNormEps(), c.ropeTheta(), c.maxPositions(), false, false, 4, c.rope());
            LlamaDecoder window = new LlamaDecoder(Checkpoint.open(dir), m, DataType.FLOAT32, windowed);
            check("no window", m, plain);
            check("window 4", m, window);
        }
    }

    private static void check(String what, NDManager m, Decoder d) {
        List<KvCache> alone = new ArrayList<>();
        List<KvCache> batch = new ArrayList<>();
        List<Positions> now = new ArrayList<>();
        List<NDArray> rows = new ArrayList<>();
        for (int b = 0; b < PAST.length; b++) {
            int[] pos = new int[PAST[b] + NEW[b]];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = 2 * i + b; // gaps, as after pruning with original positions
            }
            int[] ids = new int[pos.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (3 * i + b) % SplitMixDecoder.VOCAB;
            }
            NDArray x = d.embed(m, ids);
            alone.add(new KvCache(m, d.layers()));
            batch.add(new KvCache(m, d.layers()));
            if (PAST[b] > 0) {
                Positions past = Positions.of(java.util.Arrays.copyOf(pos, PAST[b]));
                NDArray head = Rows.range(m, x, 0, PAST[b]);
                d.step(0, m, head, past, alone.get(b));
                d.step(0, m, head, past, batch.get(b));
            }
            now.add(Positions.of(java.util.Arrays.copyOfRange(pos, PAST[b], pos.length)));
            rows.add(Rows.range(m, x, PAST[b], pos.length));
        }
        NDArray packed = d.stepBatch(0, m, Rows.concat(m, rows.toArray(new NDArray[0])), now, batch);
        int at = 0;
        for (int b = 0; b < PAST.length; b++) {
            float[] expected = d.step(0, m, rows.get(b), now.get(b), alone.get(b)).toFloatArray();
            float[] found = Rows.range(m, packed, at, at + NEW[b]).toFloatArray();
            at += NEW[b];
            double diff = 0;
            for (int i = 0; i < expected.length; i++) {
                diff = Math.max(diff, Math.abs(expected[i] - found[i]));
            }
            assertTrue(diff <= 1e-5, what + ", sequence " + b + ": rows differ by " + diff);
            assertEquals(alone.get(b).length(0), batch.get(b).length(0), what + ", sequence " + b + ": cache length");
            assertEquals(PAST[b] + NEW[b], batch.get(b).length(0), what);
        }
    }
}
