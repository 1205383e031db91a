package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SparseVLM's density-peaks merge computed in row blocks equals the one-block computation (which
 * SparseVlmSelectTest checks against a naive reference), including blocks that do not divide R.
 */
class DensityPeaksBlocksTest {
    @Test
    void blocksEqualOneBlock() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (long seed = 1; seed <= 3; seed++) {
                int r = 70;
                float[][] x = Fixtures.gaussian(new Random(seed), r, 16);
                for (int centres : new int[] {1, 7, 20}) {
                    float[] whole = DensityPeaks.clusterAndMerge(Fixtures.nd(m, x), centres, r).toFloatArray();
                    for (int block : new int[] {1, 8, 33}) {
                        float[] blocked = DensityPeaks.clusterAndMerge(Fixtures.nd(m, x), centres, block).toFloatArray();
                        assertArrayEquals(whole, blocked, 1e-6f,
                                "seed " + seed + " centres " + centres + " block " + block);
                    }
                }
            }
        }
    }
}
