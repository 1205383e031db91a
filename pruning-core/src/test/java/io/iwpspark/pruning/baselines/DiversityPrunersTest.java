package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Stage;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DivPrune and CDPruner against naive double-precision references. */
class DiversityPrunersTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Naive DivPrune: max over tokens of the min distance to the chosen ones (first: to any other). */
    static int[] naiveDivPrune(float[][] x, int budget) {
        int n = x.length;
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dist[i][j] = 1 - Fixtures.cos(x[i], x[j]);
            }
        }
        boolean[] chosen = new boolean[n];
        int[] out = new int[budget];
        for (int t = 0; t < budget; t++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (chosen[i]) {
                    continue;
                }
                double s = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (t == 0 ? j != i : chosen[j]) {
                        s = Math.min(s, dist[i][j]);
                    }
                }
                if (s > bestScore) {
                    best = i;
                    bestScore = s;
                }
            }
            chosen[best] = true;
            out[t] = best;
        }
        return out;
    }

    @Test
    void divPruneOnFourPointsInThePlane() {
        // a = (1, 0), b = (0, 1), c = (1, 0.1) next to a, d = (-1, 0) opposite a.
        // nearest-other distances: a 0.005, b 0.900, c 0.005, d 1.0 -> d first; then a (distance 2 to d);
        // then b (min(1 - 0, 1) = 1) beats c (min(1.995, 0.005)).
        float[][] x = {{1, 0}, {0, 1}, {1, 0.1f}, {-1, 0}};
        DivPrunePruner p = new DivPrunePruner(new DivPrunePruner.Config());
        PruneInputs in = PruneInputs.builder(4).optVisualHidden(Fixtures.nd(manager, x)).build();
        assertArrayEquals(new int[] {0, 3}, p.select(in, new Stage(0, 2)).kept());
        assertArrayEquals(new int[] {0, 1, 3}, p.select(in, new Stage(0, 3)).kept());
        assertArrayEquals(new int[] {0, 1, 3}, Fixtures.sorted(naiveDivPrune(x, 3)));
    }

    @Test
    void divPruneMatchesTheNaiveReference() {
        DivPrunePruner p = new DivPrunePruner(new DivPrunePruner.Config());
        for (long seed = 1; seed <= 5; seed++) {
            float[][] x = Fixtures.gaussian(new Random(seed), 40, 24);
            PruneInputs in = PruneInputs.builder(40).optVisualHidden(Fixtures.nd(manager, x)).build();
            for (int budget : new int[] {1, 7, 20, 39}) {
                assertArrayEquals(Fixtures.sorted(naiveDivPrune(x, budget)), p.select(in, new Stage(0, budget)).kept(),
                        "seed " + seed + " budget " + budget);
            }
        }
    }

    /** Naive CDPruner: relevance, kernel, greedy MAP (Chen et al. 2018) in doubles. */
    static int[] naiveCdPruner(float[][] v, float[][] t, int budget, boolean negate) {
        int n = v.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            for (float[] tt : t) {
                r[i] += Fixtures.cos(v[i], tt) / t.length;
            }
            r[i] = negate ? -r[i] : r[i];
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : r) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        for (int i = 0; i < n; i++) {
            r[i] = (r[i] - min + 1e-6) / (max - min);
        }
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                l[i][j] = r[i] * Fixtures.cos(v[i], v[j]) * r[j];
            }
        }
        double[][] c = new double[budget][n];
        double[] d2 = new double[n];
        boolean[] taken = new boolean[n];
        for (int i = 0; i < n; i++) {
            d2[i] = l[i][i];
        }
        int[] out = new int[budget];
        for (int step = 0; step < budget; step++) {
            int j = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (j < 0 || d2[i] > d2[j])) {
                    j = i;
                }
            }
            if (d2[j] <= CdPruner.EXHAUSTED) {
                int[] rest = Fixtures.topK(r, taken, budget - step);
                System.arraycopy(rest, 0, out, step, rest.length);
                break;
            }
            out[step] = j;
            taken[j] = true;
            double dj = d2[j];
            for (int i = 0; i < n; i++) {
                double dot = 0;
                for (int q = 0; q < step; q++) {
                    dot += c[q][j] * c[q][i];
                }
                c[step][i] = (l[j][i] - dot) / Math.sqrt(dj);
                d2[i] -= c[step][i] * c[step][i];
            }
        }
        return out;
    }

    @Test
    void cdPrunerMatchesTheNaiveReference() {
        for (boolean negate : new boolean[] {true, false}) {
            CdPruner p = new CdPruner(new CdPruner.Config(negate));
            for (long seed = 1; seed <= 5; seed++) {
                Random rng = new Random(seed);
                float[][] v = Fixtures.gaussian(rng, 30, 48);
                float[][] t = Fixtures.gaussian(rng, 6, 48);
                PruneInputs in = PruneInputs.builder(30).optVisualHidden(Fixtures.nd(manager, v))
                        .optTextHidden(Fixtures.nd(manager, t)).build();
                for (int budget : new int[] {1, 8, 20}) {
                    assertArrayEquals(Fixtures.sorted(naiveCdPruner(v, t, budget, negate)),
                            p.select(in, new Stage(0, budget)).kept(),
                            "negate " + negate + " seed " + seed + " budget " + budget);
                }
            }
        }
    }

    @Test
    void cdPrunerFillsByRelevanceOnceTheKernelRankIsSpent() {
        // D = 3 < N = 12: the kernel has rank 3, so picks 4..8 come from relevance
        CdPruner p = new CdPruner(new CdPruner.Config(true));
        for (long seed = 1; seed <= 3; seed++) {
            Random rng = new Random(seed);
            float[][] v = Fixtures.gaussian(rng, 12, 3);
            float[][] t = Fixtures.gaussian(rng, 2, 3);
            PruneInputs in = PruneInputs.builder(12).optVisualHidden(Fixtures.nd(manager, v))
                    .optTextHidden(Fixtures.nd(manager, t)).build();
            int[] kept = p.select(in, new Stage(0, 8)).kept();
            assertEquals(8, kept.length);
            assertArrayEquals(Fixtures.sorted(naiveCdPruner(v, t, 8, true)), kept, "seed " + seed);
        }
    }
}
