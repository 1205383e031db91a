package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** VisionZip and DART against naive double-precision references. */
class MergeAndPivotPrunersTest {
    /** Tolerance for merged vision features (float32 sums of a few unit-scale values). */
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

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    @Test
    void visionZipSplitsTheBudgetLikeTheOfficialConfigs() {
        VisionZipPruner p = new VisionZipPruner(new VisionZipPruner.Config(VisionZipPruner.DEFAULT_CONTEXTUAL_RATIO));
        assertEquals(10, p.contextual(64));
        assertEquals(20, p.contextual(128));
        assertEquals(30, p.contextual(192));
        assertEquals(0, p.contextual(1));
    }

    @Test
    void visionZipMatchesTheNaiveReference() {
        VisionZipPruner p = new VisionZipPruner(new VisionZipPruner.Config(VisionZipPruner.DEFAULT_CONTEXTUAL_RATIO));
        for (long seed = 1; seed <= 4; seed++) {
            Fixtures.Fields f = new Fixtures.Fields(new Random(seed), 50, 3, 1, 4, 8, 16);
            PruneInputs in = f.build(manager, Set.of());
            for (int budget : new int[] {7, 19, 32}) {
                int c = (int) Math.round(budget * 10.0 / 64);
                float[] cls = f.get(Need.CLS_ATTENTION)[0];
                float[][] keys = f.get(Need.VISION_KEYS);
                float[][] feats = f.get(Need.VISION_FEATURES);
                int[] dominant = Fixtures.topK(toDouble(cls), null, budget - c);
                boolean[] isDom = new boolean[50];
                for (int i : dominant) {
                    isDom[i] = true;
                }
                int[] rest = new int[50 - dominant.length];
                for (int i = 0, m = 0; i < 50; i++) {
                    if (!isDom[i]) {
                        rest[m++] = i;
                    }
                }
                int step = Math.max(1, rest.length / c);
                double[][] expected = new double[c][16];
                int[] count = new int[c];
                double[][] sum = new double[c][16];
                for (int q = 0; q < rest.length; q++) {
                    if (q % step == 0 && q / step < c) {
                        continue; // a target
                    }
                    int best = 0;
                    for (int t = 1; t < c; t++) {
                        if (Fixtures.cos(keys[rest[q]], keys[rest[t * step]])
                                > Fixtures.cos(keys[rest[q]], keys[rest[best * step]])) {
                            best = t;
                        }
                    }
                    count[best]++;
                    for (int j = 0; j < 16; j++) {
                        sum[best][j] += feats[rest[q]][j];
                    }
                }
                for (int t = 0; t < c; t++) {
                    for (int j = 0; j < 16; j++) {
                        expected[t][j] = feats[rest[t * step]][j] + sum[t][j] / Math.max(1, count[t]);
                    }
                }
                Selection sel = p.select(in, new Stage(0, budget));
                String at = "seed " + seed + " budget " + budget;
                assertArrayEquals(Fixtures.sorted(dominant), sel.kept(), at);
                float[] merged = sel.merged().toFloatArray();
                assertEquals(c * 16, merged.length, at);
                for (int t = 0; t < c; t++) {
                    for (int j = 0; j < 16; j++) {
                        assertEquals(expected[t][j], merged[t * 16 + j], MERGED_TOL, at + " token " + t);
                    }
                }
            }
        }
    }

    /**
     * Naive DART: pivots by key L1, visited in the order CPython iterates the set of their absolute positions
     * (visual block from {@code start}), then per-pivot quotas of least-similar tokens.
     */
    static int[] naiveDart(Fixtures.Fields f, int start, int n, int t, int g, int pv, int pt, int budget) {
        float[][] keys = f.get(Need.VISUAL_KV); // (g * n, d) rows, group-major
        float[][] textKeys = f.get(Need.TEXT_KEYS);
        double[] l1 = new double[n];
        double[] tl1 = new double[t];
        for (int h = 0; h < g; h++) {
            for (int i = 0; i < n; i++) {
                for (float x : keys[h * n + i]) {
                    l1[i] += Math.abs(x);
                }
            }
            for (int i = 0; i < t; i++) {
                for (float x : textKeys[h * t + i]) {
                    tl1[i] += Math.abs(x);
                }
            }
        }
        int[] vp = Fixtures.topK(l1, null, pv);
        int[] tp = Fixtures.topK(tl1, null, pt);
        long[] positions = new long[pv + pt];
        for (int i = 0; i < pv; i++) {
            positions[i] = start + vp[i];
        }
        for (int j = 0; j < pt; j++) {
            positions[pv + j] = start + n + tp[j];
        }
        long[] visits = CPythonIntSet.of(positions).order();
        float[][] vh = f.get(Need.VISUAL_HIDDEN);
        float[][] th = f.get(Need.TEXT_HIDDEN);
        boolean[] taken = new boolean[n];
        int[] out = new int[budget];
        int m = 0;
        for (int v : vp) {
            taken[v] = true;
            out[m++] = v;
        }
        int p = pv + pt;
        int rest = budget - pv;
        for (int q = 0; q < p; q++) {
            int row = (int) (visits[q] - start);
            float[] pivot = row < n ? vh[row] : th[row - n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = -Fixtures.cos(pivot, vh[i]);
            }
            for (int i : Fixtures.topK(s, taken, rest / p + (q < rest % p ? 1 : 0))) {
                taken[i] = true;
                out[m++] = i;
            }
        }
        return Arrays.copyOf(out, m);
    }

    @Test
    void dartMatchesTheNaiveReference() {
        for (long seed = 1; seed <= 4; seed++) {
            Fixtures.Fields f = new Fixtures.Fields(new Random(seed), 45, 7, 2, 6, 20, 8);
            PruneInputs built = f.build(manager, Set.of());
            for (int start : new int[] {0, 35}) {
                PruneInputs in = new PruneInputs(45, 1, 1, 45, start, 7, built.keys(), built.values(),
                        built.textKeys(), null, null, null, null, null, null, null, built.visualHidden(), built.textHidden());
                for (int[] cfg : new int[][] {{4, 4}, {2, 0}, {0, 3}, {8, 8}}) {
                    DartPruner p = new DartPruner(new DartPruner.Config(2, cfg[0], cfg[1]));
                    for (int budget : new int[] {3, 13, 30}) {
                        int pv = Math.min(cfg[0], budget);
                        int pt = Math.min(cfg[1], 7);
                        assertArrayEquals(Fixtures.sorted(naiveDart(f, start, 45, 7, 2, pv, pt, budget)),
                                p.select(in, new Stage(2, budget)).kept(),
                                "seed " + seed + " start " + start + " pivots " + Arrays.toString(cfg) + " budget " + budget);
                    }
                }
            }
        }
    }
}
