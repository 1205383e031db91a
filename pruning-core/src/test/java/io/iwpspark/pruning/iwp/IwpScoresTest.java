package io.iwpspark.pruning.iwp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IwpScoresTest {
    private static final double TOLERANCE = 2e-4; // float32 against double, relative to values of order 1
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
    @CsvSource({"EXP, 1", "EXP, 2", "EXP, 3", "LINEAR, 1", "LINEAR, 2", "LINEAR, 3"})
    void magnitudeAndDuplicationMatchTheScalarReference(Kernel kernel, long seed) {
        int g = 3;
        int n = 24;
        int d = 8;
        float[][][] k = TestData.normal(seed, g, n, d, 0.8);
        float[][][] v = TestData.normal(seed + 100, g, n, d, 1.0);
        try (NDManager m = manager.newSubManager();
                IwpScores s = IwpScores.compute(TestData.toNd(m, k), TestData.toNd(m, v), kernel)) {
            float[] logM = s.logMagnitudeHost();
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
                assertEquals(NaiveIwp.logMagnitude(kernel, k, v, i), logM[i], TOLERANCE,
                        kernel + " log magnitude of token " + i);
            }
            float[] dup = s.duplication(all, m).toFloatArray(); // (N, N) row-major
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(NaiveIwp.dup(kernel, k, v, i, j), dup[i * n + j], TOLERANCE,
                            kernel + " dup(" + i + ", " + j + ")");
                }
                assertEquals(1.0, dup[i * n + i], TOLERANCE, kernel + " a token duplicates itself fully");
            }
        }
    }

    @Test
    void largeKeysStayFiniteInLogSpace() {
        // ||k||^2 / (2 sqrt d) near 400: exp would overflow float32 (max ~ e^88) without log space.
        float[][][] k = TestData.normal(5, 2, 10, 16, 20.0);
        float[][][] v = TestData.normal(6, 2, 10, 16, 1.0);
        try (NDManager m = manager.newSubManager();
                IwpScores s = IwpScores.compute(TestData.toNd(m, k), TestData.toNd(m, v), Kernel.EXP)) {
            for (float x : s.logMagnitudeHost()) {
                assertTrue(Float.isFinite(x) && x > 88, "log magnitude finite and beyond float range: " + x);
            }
            for (float x : s.duplication(new int[] {0, 1}, m).toFloatArray()) {
                assertTrue(Float.isFinite(x) && Math.abs(x) <= 1 + 1e-5, "dup finite and bounded: " + x);
            }
        }
    }

    @Test
    void nonFiniteOrMismatchedInputsAreRejectedByName() {
        try (NDManager m = manager.newSubManager()) {
            NDArray k = TestData.toNd(m, TestData.normal(1, 2, 5, 4, 1));
            NDArray v = TestData.toNd(m, TestData.normal(2, 2, 5, 4, 1));
            NDArray bad = v.duplicate();
            bad.set(new ai.djl.ndarray.index.NDIndex("1, 3, 2"), Float.NaN);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IwpScores.compute(k, bad, Kernel.EXP));
            assertTrue(e.getMessage().startsWith("values must be finite, found NaN"), e.getMessage());
            NDArray inf = k.duplicate();
            inf.set(new ai.djl.ndarray.index.NDIndex("0, 0, 0"), Float.POSITIVE_INFINITY);
            e = assertThrows(IllegalArgumentException.class, () -> IwpScores.compute(inf, v, Kernel.LINEAR));
            assertTrue(e.getMessage().startsWith("keys must be finite, found Infinity"), e.getMessage());
            NDArray shortV = TestData.toNd(m, TestData.normal(2, 2, 4, 4, 1));
            e = assertThrows(IllegalArgumentException.class, () -> IwpScores.compute(k, shortV, Kernel.EXP));
            assertTrue(e.getMessage().contains("keys (2, 5, 4) and values (2, 4, 4)"), e.getMessage());
        }
    }
}
