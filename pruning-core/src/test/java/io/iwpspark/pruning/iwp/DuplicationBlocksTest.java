package io.iwpspark.pruning.iwp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.TestData;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The host-gathered blocks give the very floats of {@link IwpScores#duplication} (bit for bit: same
 * operations on the same values), and both agree with the scalar double-precision reference.
 */
class DuplicationBlocksTest {
    private static final double TOLERANCE = 2e-4;
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
    @CsvSource({"EXP, 1", "EXP, 2", "LINEAR, 3", "LINEAR, 4"})
    void blocksEqualTheGatheringPathBitForBit(Kernel kernel, long seed) {
        int g = 3;
        int n = 90;
        int d = 16;
        float[][][] k = TestData.normal(seed, g, n, d, 0.8);
        float[][][] v = TestData.normal(seed + 100, g, n, d, 1.0);
        Random r = new Random(seed);
        int[] admitted = r.ints(0, n).distinct().limit(30).toArray();
        try (NDManager m = manager.newSubManager();
                IwpScores s = IwpScores.compute(TestData.toNd(m, k), TestData.toNd(m, v), kernel);
                DuplicationBlocks blocks = new DuplicationBlocks(s, 30)) {
            blocks.admit(Arrays.copyOfRange(admitted, 0, 7)); // rounds of 7, 11 and 12 columns
            blocks.admit(Arrays.copyOfRange(admitted, 7, 18));
            blocks.admit(Arrays.copyOfRange(admitted, 18, 30));
            int[] rows = r.ints(0, n).limit(40).toArray(); // repeats allowed
            for (int[] range : new int[][] {{0, 30}, {7, 18}, {18, 30}, {29, 30}}) {
                int[] cols = Arrays.copyOfRange(admitted, range[0], range[1]);
                float[] expected = s.duplication(rows, cols, m).max(new int[] {1}).toFloatArray();
                assertArrayEquals(expected, blocks.maxDuplication(rows, range[0], range[1]),
                        kernel + " max over admitted " + range[0] + ".." + range[1]);
                for (int t = 0; t < rows.length; t++) {
                    double naive = Double.NEGATIVE_INFINITY;
                    for (int j : cols) {
                        naive = Math.max(naive, NaiveIwp.dup(kernel, k, v, rows[t], j));
                    }
                    assertEquals(naive, expected[t], TOLERANCE, kernel + " row " + rows[t] + " against the scalar reference");
                }
            }
            int[] pool = Arrays.copyOfRange(rows, 0, 25);
            assertArrayEquals(s.duplication(pool, pool, m).toFloatArray(), blocks.duplicationAmong(pool, 0),
                    kernel + " pool x pool");
            assertArrayEquals(s.duplication(Arrays.copyOfRange(pool, 9, 25), pool, m).toFloatArray(),
                    blocks.duplicationAmong(pool, 9), kernel + " pool tail x pool");
            assertThrows(IllegalArgumentException.class, () -> blocks.admit(new int[] {1}), "beyond the budget");
            assertThrows(IllegalArgumentException.class, () -> blocks.maxDuplication(rows, 5, 31), "beyond the admitted");
        }
    }
}
