package io.iwpspark.pruning.iwp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import io.iwpspark.pruning.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcMmrTest {
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static PcMmr.Result run(float[][][] k, float[][][] v, int budget, IwpConfig c) {
        return run(k, v, budget, c, PcMmr.updateFor(budget, k[0].length));
    }

    private static PcMmr.Result run(float[][][] k, float[][][] v, int budget, IwpConfig c, PcMmr.Update update) {
        try (NDManager m = manager.newSubManager();
                IwpScores s = IwpScores.compute(TestData.toNd(m, k), TestData.toNd(m, v), c.kernel())) {
            return PcMmr.select(s, budget, c, update);
        }
    }

    @ParameterizedTest(name = "{0} kernel, seed {1}, lambda {2}")
    @CsvSource({"EXP, 11, 0.5", "EXP, 12, 0.3", "EXP, 13, 0.8", "LINEAR, 11, 0.5", "LINEAR, 14, 0.2"})
    void chunkOneIsExactGreedyMmrIndexForIndex(Kernel kernel, long seed, double lambda) {
        float[][][] k = TestData.normal(seed, 2, 48, 8, 0.7);
        float[][][] v = TestData.normal(seed + 7, 2, 48, 8, 1.0);
        IwpConfig c = IwpConfig.DEFAULT.withKernel(kernel).withLambda(lambda).exactGreedy();
        int[] expected = NaiveIwp.greedyMmr(kernel, k, v, 16, lambda);
        PcMmr.Result r = run(k, v, 16, c, PcMmr.Update.EAGER);
        assertArrayEquals(expected, r.order(), "PC-MMR(chunk 1) against the scalar greedy MMR, " + kernel);
        assertEquals(16, r.rounds());
        assertEquals(48L * 15, r.kernelPairs());
        assertArrayEquals(expected, run(k, v, 16, c).order(), "lazy PC-MMR(chunk 1), " + kernel);
    }

    @Test
    void chunkScheduleGrowsAndCapsAsConfigured() {
        float[][][] k = TestData.normal(3, 2, 200, 8, 0.7);
        float[][][] v = TestData.normal(4, 2, 200, 8, 1.0);
        // chunks 4, 8, 16, 16, 16 ... : 4 + 8 + 16 * 7 = 124, then 6 left -> 10 rounds for 130.
        PcMmr.Result r = run(k, v, 130, IwpConfig.DEFAULT.withChunks(4, 2.0, 16), PcMmr.Update.EAGER);
        assertEquals(10, r.rounds());
        // the guard's c x c block per round (random tokens are no near-duplicates: it never skips one,
        // so the rest of the 2c pool is never compared) plus N x c after every round but the last.
        long poolPairs = 4 * 4 + 8 * 8 + 7L * 16 * 16 + 6 * 6;
        assertEquals(200L * (130 - 6) + poolPairs, r.kernelPairs(), "no N x c work after the last round");
        assertEquals(130, Arrays.stream(r.order()).distinct().count(), "no token admitted twice");
    }

    /**
     * Lazy updates must not change the selection: same order as eager, index for index, over
     * kernels, lambdas, schedules and inputs with clusters of near-duplicates (where redundancy is
     * large and moves the ranking).
     */
    @ParameterizedTest(name = "{0} kernel, seed {1}, lambda {2}, chunk0 {3}, pool {4}, guard {5}")
    @CsvSource({"EXP, 41, 0.5, 4, 2, 0.9", "EXP, 42, 0.3, 1, 1, 1", "EXP, 43, 0.7, 2, 1, 1",
            "LINEAR, 44, 0.5, 4, 2, 0.9", "LINEAR, 45, 0.2, 8, 1.5, 0.8", "EXP, 46, 0.0, 4, 2, 0.9"})
    void lazyUpdatesSelectExactlyWhatEagerOnesDo(Kernel kernel, long seed, double lambda, int chunk0, double pool,
            double guard) {
        float[][][] k = TestData.normal(seed, 3, 300, 8, 0.7);
        float[][][] v = TestData.normal(seed + 100, 3, 300, 8, 1.0);
        float[][][] noise = TestData.normal(seed + 200, 3, 300, 8, 0.05);
        for (int h = 0; h < 3; h++) { // 30 clusters of 10: member i is centre i / 10 plus small noise
            for (int i = 0; i < 300; i++) {
                for (int x = 0; x < 8; x++) {
                    k[h][i][x] = k[h][i / 10][x] + noise[h][i][x];
                    v[h][i][x] = v[h][i / 10 + 150][x] + noise[h][i][x];
                }
            }
        }
        IwpConfig c = IwpConfig.DEFAULT.withKernel(kernel).withLambda(lambda).withChunks(chunk0, 2.0, 32)
                .withPool(pool).withGuard(guard);
        for (int budget : new int[] {1, 37, 120}) {
            PcMmr.Result eager = run(k, v, budget, c, PcMmr.Update.EAGER);
            PcMmr.Result lazy = run(k, v, budget, c);
            assertArrayEquals(eager.order(), lazy.order(), "budget " + budget);
            assertEquals(eager.rounds(), lazy.rounds(), "budget " + budget);
        }
    }

    /**
     * The host matrix route (small inputs) reads the same duplication values as the device blocks: the same
     * selection, token for token and round for round, eager and lazy, on clustered and Gaussian inputs,
     * including the tiny model's shape (2 groups, 144 tokens, d = 32).
     */
    @ParameterizedTest(name = "{0} kernel, seed {1}, lambda {2}, chunk0 {3}, pool {4}, guard {5}, G {6} N {7} d {8}")
    @CsvSource({"EXP, 51, 0.5, 4, 2, 0.9, 3, 300, 8", "LINEAR, 52, 0.5, 4, 2, 0.9, 3, 300, 8",
            "EXP, 53, 0.3, 1, 1, 1, 2, 144, 32", "EXP, 54, 0.5, 4, 2, 0.9, 2, 144, 32",
            "LINEAR, 55, 0.7, 4, 2, 0.9, 2, 144, 32", "EXP, 56, 0.0, 8, 1.5, 0.8, 4, 97, 16"})
    void theHostMatrixRouteSelectsWhatTheDeviceBlocksDo(Kernel kernel, long seed, double lambda, int chunk0,
            double pool, double guard, int g, int n, int d) {
        float[][][] k = TestData.normal(seed, g, n, d, 0.7);
        float[][][] v = TestData.normal(seed + 100, g, n, d, 1.0);
        float[][][] noise = TestData.normal(seed + 200, g, n, d, 0.05);
        for (int h = 0; h < g; h++) { // the first half in clusters of 6 near-duplicates, the rest Gaussian
            for (int i = 0; i < n / 2; i++) {
                for (int x = 0; x < d; x++) {
                    k[h][i][x] = k[h][i / 6][x] + noise[h][i][x];
                    v[h][i][x] = v[h][i / 6 + n / 2][x] + noise[h][i][x];
                }
            }
        }
        IwpConfig c = IwpConfig.DEFAULT.withKernel(kernel).withLambda(lambda).withChunks(chunk0, 2.0, 32)
                .withPool(pool).withGuard(guard);
        try (NDManager m = manager.newSubManager();
                IwpScores s = IwpScores.compute(TestData.toNd(m, k), TestData.toNd(m, v), c.kernel())) {
            for (int budget : new int[] {1, 8, 37, n / 2}) {
                for (PcMmr.Update update : PcMmr.Update.values()) {
                    PcMmr.Result device = PcMmr.select(s, budget, c, update, false);
                    PcMmr.Result host = PcMmr.select(s, budget, c, update, true);
                    assertArrayEquals(device.order(), host.order(), update + " budget " + budget);
                    assertEquals(device.rounds(), host.rounds(), update + " budget " + budget);
                    assertEquals(device.kernelPairs(), host.kernelPairs(), update + " budget " + budget);
                }
            }
        }
    }

    @Test
    void lazyUpdatesForBudgetsUpToAQuarterOfTheTokens() {
        assertEquals(PcMmr.Update.LAZY, PcMmr.updateFor(320, 2880));
        assertEquals(PcMmr.Update.LAZY, PcMmr.updateFor(144, 576));
        assertEquals(PcMmr.Update.EAGER, PcMmr.updateFor(145, 576));
        assertEquals(PcMmr.Update.EAGER, PcMmr.updateFor(1024, 2880));
    }

    @Test
    void sameInputsGiveTheSameSelectionAndBudgetNKeepsAll() {
        float[][][] k = TestData.normal(21, 3, 60, 8, 0.7);
        float[][][] v = TestData.normal(22, 3, 60, 8, 1.0);
        assertArrayEquals(run(k, v, 20, IwpConfig.DEFAULT).order(), run(k, v, 20, IwpConfig.DEFAULT).order());
        int[] all = run(k, v, 60, IwpConfig.DEFAULT).keptSorted();
        for (int i = 0; i < 60; i++) {
            assertEquals(i, all[i]);
        }
    }

    @Test
    void plantedDuplicatesAreKeptOnceWhereTopMagnitudeKeepsMany() {
        int n = 40;
        int copies = 10;
        float[][][] k = TestData.normal(31, 2, n, 8, 0.3);
        float[][][] v = TestData.normal(32, 2, n, 8, 1.0);
        for (int h = 0; h < 2; h++) { // tokens 0..9: one loud key/value pair repeated
            for (int x = 0; x < 8; x++) {
                v[h][0][x] *= 3;
            }
            for (int i = 1; i < copies; i++) {
                k[h][i] = k[h][0].clone();
                v[h][i] = v[h][0].clone();
            }
        }
        for (Kernel kernel : Kernel.values()) {
            IwpConfig c = IwpConfig.DEFAULT.withKernel(kernel);
            long iwpCopies = Arrays.stream(run(k, v, 8, c).order()).filter(i -> i < copies).count();
            long topCopies = Arrays.stream(run(k, v, 8, c.withLambda(1.0)).order()).filter(i -> i < copies).count();
            assertEquals(1, iwpCopies, kernel + ": IWP keeps one copy of the planted token");
            assertEquals(8, topCopies, kernel + ": top magnitude fills the budget with copies");
            long plainTopC = Arrays.stream(run(k, v, 8, c.withPool(1).withGuard(1)).order()).filter(i -> i < copies).count();
            assertEquals(c.chunk0(), plainTopC, kernel + ": without the pool the first chunk takes chunk0 copies");
        }
    }

    @Test
    void prunerRejectsBadBudgetsAndNamesThem() {
        try (NDManager m = manager.newSubManager()) {
            PruneInputs in = PruneInputs.builder(5)
                    .optKeysValues(TestData.toNd(m, TestData.normal(1, 1, 5, 4, 1)), TestData.toNd(m, TestData.normal(2, 1, 5, 4, 1)))
                    .build();
            IwpPruner p = new IwpPruner(IwpConfig.DEFAULT);
            for (int budget : new int[] {0, -1, 6}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.plan(5, budget, 4));
                assertEquals("budget must be in [1, 5] (the visual tokens), found " + budget, e.getMessage());
            }
            Selection all = p.select(in, new Stage(0, 5));
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, all.kept());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.select(PruneInputs.builder(5).build(), new Stage(0, 2)));
            assertTrue(e.getMessage().contains("needs VISUAL_KV"), e.getMessage());
        }
    }

    @Test
    void configRejectsOutOfRangeValuesByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IwpConfig.DEFAULT.withLambda(1.5));
        assertEquals("lambda must be in [0, 1], found 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IwpConfig.DEFAULT.withLambda(Double.NaN));
        assertTrue(e.getMessage().startsWith("lambda must be in [0, 1]"));
        e = assertThrows(IllegalArgumentException.class, () -> IwpConfig.DEFAULT.withChunks(0, 2, 8));
        assertEquals("chunk0 must be >= 1, found 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IwpConfig.DEFAULT.withChunks(8, 2, 4));
        assertEquals("chunk_max must be >= chunk0 (8), found 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IwpConfig.DEFAULT.withChunks(1, 0.5, 4));
        assertEquals("growth must be a finite number >= 1, found 0.5", e.getMessage());
    }

    @Test
    void magnitudeScalesByHand() {
        float[] logM = {0f, (float) Math.log(2), (float) Math.log(4), (float) Math.log(2)};
        assertArrayEquals(new float[] {0.25f, 0.5f, 1f, 0.5f}, MagnitudeScaling.scale(logM, MagnitudeScale.RATIO), 1e-6f);
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 0.5f}, MagnitudeScaling.scale(logM, MagnitudeScale.MINMAX_LOG), 1e-6f);
        // ranks: token 2 first, token 1 (tie, lower index) second, token 3 third, token 0 last
        assertArrayEquals(new float[] {0f, 2f / 3, 1f, 1f / 3}, MagnitudeScaling.scale(logM, MagnitudeScale.RANK), 1e-6f);
    }
}
