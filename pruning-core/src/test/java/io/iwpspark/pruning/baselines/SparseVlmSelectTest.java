package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SparseVLM selection and recycling against a naive double-precision reference. */
class SparseVlmSelectTest {
    /** Tolerance for merged hidden states (means of a few float32 unit-scale rows). */
    static final double MERGED_TOL = 1e-4;
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Naive DPC-KNN + mean merge of rows x into m clusters, centres in decreasing score order. */
    static double[][] naiveCluster(float[][] x, int m) {
        int r = x.length;
        int c = x[0].length;
        double[][] dist = new double[r][r];
        double dmax = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double s = 0;
                for (int q = 0; q < c; q++) {
                    double diff = (double) x[i][q] - x[j][q];
                    s += diff * diff;
                }
                dist[i][j] = Math.sqrt(s) / Math.sqrt(c);
                dmax = Math.max(dmax, dist[i][j]);
            }
        }
        double[] density = new double[r];
        for (int i = 0; i < r; i++) {
            double[] row = dist[i].clone();
            java.util.Arrays.sort(row);
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += row[k] * row[k];
            }
            density[i] = Math.exp(-s / m);
        }
        double[] score = new double[r];
        for (int i = 0; i < r; i++) {
            double delta = dmax;
            for (int j = 0; j < r; j++) {
                boolean denser = density[j] > density[i] || (density[j] == density[i] && j < i);
                if (denser) {
                    delta = Math.min(delta, dist[i][j]);
                }
            }
            score[i] = delta * density[i];
        }
        int[] centres = Fixtures.topK(score, null, m);
        double[][] out = new double[m][c];
        int[] count = new int[m];
        for (int i = 0; i < r; i++) {
            int best = 0;
            for (int k = 1; k < m; k++) {
                if (dist[centres[k]][i] < dist[centres[best]][i]) {
                    best = k;
                }
            }
            for (int k = 0; k < m; k++) {
                if (centres[k] == i) {
                    best = k;
                }
            }
            count[best]++;
            for (int q = 0; q < c; q++) {
                out[best][q] += x[i][q];
            }
        }
        for (int k = 0; k < m; k++) {
            for (int q = 0; q < c; q++) {
                out[k][q] /= count[k];
            }
        }
        return out;
    }

    @Test
    void selectionAndRecyclingMatchTheNaiveReference() {
        SparseVlmPruner p = new SparseVlmPruner(new SparseVlmPruner.Config(true, 0.3));
        int n = 60;
        int t = 6;
        int d = 12;
        for (long seed = 1; seed <= 4; seed++) {
            Fixtures.Fields f = new Fixtures.Fields(new Random(seed), n, t, 1, 4, d, 4);
            // scale the hidden states down so the rater softmax is not one-hot
            for (Need need : new Need[] {Need.VISUAL_HIDDEN, Need.TEXT_HIDDEN}) {
                for (float[] row : f.get(need)) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] *= 0.3f;
                    }
                }
            }
            float[][] v = f.get(Need.VISUAL_HIDDEN);
            float[][] th = f.get(Need.TEXT_HIDDEN);
            float[][] att = f.get(Need.TEXT_TO_VISUAL_ATTENTION);
            // raters: softmax over text of V T^T, mean over visual, above the mean
            double[] rel = new double[t];
            for (float[] vi : v) {
                double[] e = new double[t];
                double z = 0;
                for (int k = 0; k < t; k++) {
                    double dot = 0;
                    for (int q = 0; q < d; q++) {
                        dot += (double) vi[q] * th[k][q];
                    }
                    e[k] = Math.exp(dot);
                    z += e[k];
                }
                for (int k = 0; k < t; k++) {
                    rel[k] += e[k] / z / n;
                }
            }
            double mean = java.util.Arrays.stream(rel).average().orElseThrow();
            double[] score = new double[n];
            int raters = 0;
            for (int k = 0; k < t; k++) {
                if (rel[k] > mean) {
                    raters++;
                    for (int i = 0; i < n; i++) {
                        score[i] += att[k][i];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                score[i] /= raters;
            }
            for (int keep : new int[] {5, 20, 41}) {
                // kept k and merged m = floor((floor(0.3 (n - k)) + 1) / 10) + 1 with k + m = keep
                int k = keep;
                while (k > 0 && k + ((int) Math.floor(0.3 * (n - k)) + 1) / 10 + 1 > keep) {
                    k--;
                }
                int m = keep - k;
                int[] kept = Fixtures.topK(score, null, k);
                boolean[] isKept = new boolean[n];
                for (int i : kept) {
                    isKept[i] = true;
                }
                int recycled = (int) Math.floor(0.3 * (n - k)) + 1;
                int[] pool = Fixtures.topK(score, isKept, recycled);
                float[][] poolRows = new float[recycled][];
                for (int i = 0; i < recycled; i++) {
                    poolRows[i] = v[pool[i]];
                }
                double[][] expected = naiveCluster(poolRows, m);
                Selection sel = p.select(f.build(manager, Set.of()), new Stage(3, keep));
                String at = "seed " + seed + " keep " + keep;
                assertArrayEquals(Fixtures.sorted(kept), sel.kept(), at);
                float[] merged = sel.merged().toFloatArray();
                assertEquals(m * d, merged.length, at);
                for (int c = 0; c < m; c++) {
                    for (int q = 0; q < d; q++) {
                        assertEquals(expected[c][q], merged[c * d + q], MERGED_TOL, at + " merged " + c);
                    }
                }
            }
        }
    }

    @Test
    void recyclingOffKeepsTheTopScoresOnly() {
        SparseVlmPruner p = new SparseVlmPruner(new SparseVlmPruner.Config(false, 0.3));
        Fixtures.Fields f = new Fixtures.Fields(new Random(9), 30, 4, 1, 4, 8, 4);
        Selection sel = p.select(f.build(manager, Set.of()), new Stage(3, 10));
        assertNull(sel.merged());
        assertEquals(10, sel.kept().length);
    }
}
