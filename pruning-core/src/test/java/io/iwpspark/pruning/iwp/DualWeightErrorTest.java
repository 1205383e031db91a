package io.iwpspark.pruning.iwp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DualWeightErrorTest {
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @ParameterizedTest(name = "{0} kernel, seed {1}")
    @CsvSource({"EXP, 1", "EXP, 2", "LINEAR, 1", "LINEAR, 2"})
    void matchesTheScalarReferenceAcrossBlocks(Kernel kernel, long seed) {
        int n = DualWeightError.BLOCK + 37; // two row blocks, the second partial
        float[][][] k = TestData.normal(seed, 2, n, 8, 0.6);
        float[][][] v = TestData.normal(seed + 50, 2, n, 8, 1.0);
        int[] kept = new java.util.Random(seed).ints(0, n).distinct().limit(90).toArray();
        try (NDManager m = manager.newSubManager()) {
            double got = DualWeightError.relative(TestData.toNd(m, k), TestData.toNd(m, v), kept, kernel);
            assertEquals(NaiveIwp.relativeError(kernel, k, v, kept), got, 1e-4, kernel + " relative error");
        }
    }

    @ParameterizedTest(name = "{0} kernel, {1} kept of {2}")
    @CsvSource({"EXP, 5, 293", "EXP, 150, 293", "EXP, 288, 293", "LINEAR, 5, 293", "LINEAR, 150, 293",
            "LINEAR, 292, 293", "EXP, 40, 144", "LINEAR, 100, 144"})
    void theHostGramAgreesWithTheDeviceBlocksAndTheScalarReference(Kernel kernel, int keep, int n) {
        // 293 = BLOCK + 37: two row blocks of the host Gram, the second partial; 144: one block, all of G
        assertEquals(293, DualWeightError.BLOCK + 37);
        float[][][] k = TestData.normal(keep, 2, n, 8, 0.6);
        float[][][] v = TestData.normal(keep + 50, 2, n, 8, 1.0);
        // kept < pruned sums over the kept rows (total - 2 row sums + kept block), else over the pruned block
        int[] kept = new java.util.Random(keep).ints(0, n).distinct().limit(keep).toArray();
        try (NDManager m = manager.newSubManager()) {
            NDArray kn = TestData.toNd(m, k);
            NDArray vn = TestData.toNd(m, v);
            try (DualWeightError host = DualWeightError.of(kn, vn, kernel, true);
                    DualWeightError device = DualWeightError.of(kn, vn, kernel, false);
                    DualWeightError many = DualWeightError.forMany(kn, vn, kernel)) {
                double want = NaiveIwp.relativeError(kernel, k, v, kept);
                assertEquals(want, host.relative(kept), 1e-6 * want, kernel + " host Gram vs scalar reference");
                assertEquals(device.relative(kept), host.relative(kept), 1e-6 * want, kernel + " host vs device");
                assertEquals(host.relative(kept), many.relative(kept), 0.0, "forMany at N <= HOST_TOKENS is the host mode");
                assertEquals(0.0, host.relative(java.util.stream.IntStream.range(0, n).toArray()));
            }
        }
    }

    @Test
    void zeroForTheFullSetAndGrowingAsTheBudgetShrinks() {
        int n = 120;
        float[][][] k = TestData.normal(7, 2, n, 8, 0.6);
        float[][][] v = TestData.normal(8, 2, n, 8, 1.0);
        for (float[][] a : v) { // positive values: every <T_i, T_j> > 0, so nested subsets order the error
            for (float[] b : a) {
                for (int x = 0; x < b.length; x++) {
                    b[x] = Math.abs(b[x]);
                }
            }
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray kn = TestData.toNd(m, k);
            NDArray vn = TestData.toNd(m, v);
            for (Kernel kernel : Kernel.values()) {
                try (DualWeightError e = DualWeightError.of(kn, vn, kernel);
                        IwpScores s = IwpScores.compute(kn, vn, kernel)) {
                    double previous = -1;
                    for (int budget : new int[] {n, 90, 60, 30, 10, 1}) {
                        double err = e.relative(PcMmr.select(s, budget, IwpConfig.DEFAULT.withKernel(kernel)).order());
                        if (budget == n) {
                            assertEquals(0.0, err, kernel + ": nothing pruned, no error");
                        } else {
                            assertTrue(err > previous, kernel + ": error " + err + " at budget " + budget
                                    + " must exceed " + previous + " at the larger budget");
                        }
                        previous = err;
                    }
                    assertTrue(previous < 1, kernel + ": one kept token still removes some of W");
                }
            }
        }
    }

    @Test
    void rejectsBadIndices() {
        try (NDManager m = manager.newSubManager();
                DualWeightError e = DualWeightError.of(TestData.toNd(m, TestData.normal(1, 1, 4, 2, 1)),
                        TestData.toNd(m, TestData.normal(2, 1, 4, 2, 1)), Kernel.EXP)) {
            assertEquals("kept index must be in [0, 4), found 4",
                    assertThrows(IllegalArgumentException.class, () -> e.relative(new int[] {4})).getMessage());
            assertEquals("kept index 1 appears twice",
                    assertThrows(IllegalArgumentException.class, () -> e.relative(new int[] {1, 1})).getMessage());
            assertEquals(0.0, e.relative(new int[] {0, 1, 2, 3}));
        }
    }
}
