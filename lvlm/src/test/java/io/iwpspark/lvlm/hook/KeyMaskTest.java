package io.iwpspark.lvlm.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.llama.LlamaDecoder;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key mask over the cache (what the decode loop hands a layer for a pruner's DecodeRule) equals attending a
 * cache that holds only the unmasked entries, as DyCoke's official gather does: layer 0 of the SplitMix decoder,
 * whose keys and values are per-token, so the smaller cache is the kept tokens run alone at their positions.
 */
class KeyMaskTest {
    @TempDir
    Path dir;

    @Test
    void maskedKeysActAsAGatheredCache() throws IOException, CheckpointException {
        try (NDManager m = NDManager.newBaseManager()) {
            LlamaDecoder decoder = SplitMixDecoder.load(m, dir);
            int n = 10;
            int d = SplitMixDecoder.HIDDEN;
            NDArray prompt = m.create(SplitMixDecoder.values(7, n * d), new Shape(n, d)); // (10, D)
            int[] kept = {0, 1, 3, 6, 9};
            KvCache full = new KvCache(m, 2);
            decoder.step(0, m, prompt, Positions.sequence(n), full);
            KvCache gathered = new KvCache(m, 2);
            decoder.step(0, m, prompt.get(m.create(new long[] {0, 1, 3, 6, 9})), Positions.of(kept), gathered);

            NDArray token = m.create(SplitMixDecoder.values(8, d), new Shape(1, d));
            float[] mask = new float[n + 1];
            for (int j : new int[] {2, 4, 5, 7, 8}) {
                mask[j] = Float.NEGATIVE_INFINITY;
            }
            float[] masked = decoder.step(0, m, token, Positions.of(n), full, m.create(mask).reshape(1, n + 1))
                    .toFloatArray();
            float[] reference = decoder.step(0, m, token, Positions.of(n), gathered).toFloatArray();
            float[] unmasked = decoder.step(0, m, token, Positions.of(n), new KvCache(m, 2)).toFloatArray();
            double diff = 0;
            double other = 0;
            for (int i = 0; i < d; i++) {
                diff = Math.max(diff, Math.abs(masked[i] - reference[i]));
                other = Math.max(other, Math.abs(masked[i] - unmasked[i]));
            }
            assertEquals(0, diff, 1e-5, "masked cache vs gathered cache");
            assertEquals(true, other > 1e-3, "the cache matters at all (vs an empty one): " + other);
        }
    }
}
