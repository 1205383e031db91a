package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CDPruner's greedy MAP, host kernel and rows on demand alike, equals the textbook loop over the full kernel. */
class CdPrunerGreedyTest {
    @Test
    void rowsOnDemandEqualTheFullKernelLoop() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            int n = 30 + 10 * trial;
            int d = 16; // above the budget: the kernel keeps rank for every pick
            float[] v = new float[n * d];
            float[] r = new float[n];
            for (int i = 0; i < n; i++) {
                double norm = 0;
                for (int k = 0; k < d; k++) {
                    v[i * d + k] = (float) rnd.nextGaussian();
                    norm += v[i * d + k] * v[i * d + k];
                }
                for (int k = 0; k < d; k++) {
                    v[i * d + k] /= (float) Math.sqrt(norm);
                }
                r[i] = 0.05f + rnd.nextFloat();
            }
            int budget = 4 + trial;
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray visual = m.create(v, new Shape(n, d));
                int[] ours = CdPruner.greedyMap(visual, m.create(r), budget);
                assertArrayEquals(naive(v, r, n, d, budget), ours, "host kernel, trial " + trial);
                int[] streamed = CdPruner.greedyMap(visual, m.create(r), budget, 0);
                assertArrayEquals(naive(v, r, n, d, budget), streamed, "streamed rows (video-scale path), trial " + trial);
            }
        }
    }

    /** Chen et al. 2018's fast greedy MAP on L = diag(r) V V^T diag(r), built in full, in doubles. */
    private static int[] naive(float[] v, float[] r, int n, int d, int budget) {
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += v[i * d + k] * v[j * d + k];
                }
                l[i][j] = r[i] * dot * r[j];
            }
        }
        double[][] c = new double[budget][n];
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = l[i][i];
        }
        int[] chosen = new int[budget];
        for (int t = 0; t < budget; t++) {
            int j = 0;
            for (int i = 1; i < n; i++) {
                if (d2[i] > d2[j]) {
                    j = i;
                }
            }
            chosen[t] = j;
            double dj = Math.sqrt(d2[j]);
            for (int i = 0; i < n; i++) {
                double e = l[j][i];
                for (int p = 0; p < t; p++) {
                    e -= c[p][j] * c[p][i];
                }
                c[t][i] = e / dj;
                d2[i] -= c[t][i] * c[t][i];
            }
            d2[j] = Double.NEGATIVE_INFINITY;
        }
        return chosen;
    }
}
