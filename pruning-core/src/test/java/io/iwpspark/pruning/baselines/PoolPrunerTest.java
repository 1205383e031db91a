package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pool floor against naive adaptive average pooling and hand-computed cells. */
class PoolPrunerTest {
    static final double TOL = 1e-5;
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** torch.nn.functional.adaptive_avg_pool2d of one (gh, gw, D) frame to (r, c), written out. */
    static double[][] adaptivePool(float[][] x, int offset, int gh, int gw, int r, int c) {
        double[][] out = new double[r * c][x[0].length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                int r0 = Math.floorDiv(i * gh, r);
                int r1 = -Math.floorDiv(-(i + 1) * gh, r);
                int c0 = Math.floorDiv(j * gw, c);
                int c1 = -Math.floorDiv(-(j + 1) * gw, c);
                for (int row = r0; row < r1; row++) {
                    for (int col = c0; col < c1; col++) {
                        for (int k = 0; k < x[0].length; k++) {
                            out[i * c + j][k] += x[offset + row * gw + col][k] / ((r1 - r0) * (c1 - c0));
                        }
                    }
                }
            }
        }
        return out;
    }

    static Selection pool(String space, float[][] x, int frames, int gh, int gw, int budget) {
        PruneInputs.Builder b = PruneInputs.builder(x.length).optGrid(frames, gh, gw);
        if (space.equals("hidden")) {
            b.optVisualHidden(Fixtures.nd(manager, x));
        } else {
            b.optVisionFeatures(Fixtures.nd(manager, x));
        }
        return PrunerRegistry.load().create("pool", Map.of("space", space)).select(b.build(), new Stage(0, budget));
    }

    static void assertRows(double[][] expected, float[] merged, int fromRow, int d, String what) {
        for (int t = 0; t < expected.length; t++) {
            for (int k = 0; k < d; k++) {
                assertEquals(expected[t][k], merged[(fromRow + t) * d + k], TOL, what + " token " + t + " channel " + k);
            }
        }
    }

    @Test
    void factoringBudgetsAreAdaptiveAveragePooling() {
        // gh, gw, frames, budget, r, c: r x c per frame
        int[][] cases = {{24, 24, 1, 144, 12, 12}, {24, 24, 1, 64, 8, 8}, {6, 6, 1, 9, 3, 3}, {6, 4, 1, 6, 3, 2},
            {4, 6, 2, 12, 2, 3}, {7, 5, 1, 6, 3, 2}, {6, 6, 3, 12, 2, 2}};
        for (int[] c : cases) {
            int n = c[2] * c[0] * c[1];
            float[][] x = Fixtures.gaussian(new Random(n + c[3]), n, 5);
            for (String space : new String[] {"hidden", "vision"}) {
                Selection s = pool(space, x, c[2], c[0], c[1], c[3]);
                assertEquals(0, s.kept().length);
                assertEquals(space.equals("hidden") ? MergeSpace.HIDDEN : MergeSpace.VISION_FEATURES, s.mergeSpace());
                assertEquals(c[3], s.size());
                float[] merged = s.merged().toFloatArray();
                for (int f = 0; f < c[2]; f++) {
                    assertRows(adaptivePool(x, f * c[0] * c[1], c[0], c[1], c[4], c[5]), merged, f * c[4] * c[5], 5,
                            space + " " + java.util.Arrays.toString(c) + " frame " + f);
                }
            }
        }
    }

    @Test
    void aBudgetThatDoesNotFactorLeavesTheLastRowsOneCellShort() {
        // 4 x 4, b = 5: r = round(sqrt(5)) = 2; band 0 (rows 0-1) holds 3 cells, band 1 (rows 2-3) holds 2
        assertArrayEquals(new int[][] {{0, 2, 0, 2}, {0, 2, 1, 3}, {0, 2, 2, 4}, {2, 4, 0, 2}, {2, 4, 2, 4}},
                PoolGrid.cells(4, 4, 5));
        // 24 x 24, b = 192: r = round(13.86) = 14; 192 = 10 x 14 + 4 x 13
        int[][] cells = PoolGrid.cells(24, 24, 192);
        assertEquals(192, cells.length);
        assertArrayEquals(new int[] {0, 2, 0, 2}, cells[0]);
        assertArrayEquals(new int[] {22, 24, 22, 24}, cells[191]);
        // the pruner averages exactly those cells
        float[][] x = Fixtures.gaussian(new Random(3), 16, 4);
        float[] merged = pool("hidden", x, 1, 4, 4, 5).merged().toFloatArray();
        int[][] hand = {{0, 2, 0, 2}, {0, 2, 1, 3}, {0, 2, 2, 4}, {2, 4, 0, 2}, {2, 4, 2, 4}};
        for (int t = 0; t < 5; t++) {
            double[] mean = new double[4];
            int[] c = hand[t];
            int count = (c[1] - c[0]) * (c[3] - c[2]);
            for (int row = c[0]; row < c[1]; row++) {
                for (int col = c[2]; col < c[3]; col++) {
                    for (int k = 0; k < 4; k++) {
                        mean[k] += x[row * 4 + col][k] / count;
                    }
                }
            }
            assertRows(new double[][] {mean}, merged, t, 4, "cell " + t);
        }
    }

    @Test
    void everyBudgetGivesThatManyNonEmptyCellsCoveringTheFrame() {
        for (int gh = 1; gh <= 9; gh++) {
            for (int gw = 1; gw <= 9; gw++) {
                for (int b = 1; b <= gh * gw; b++) {
                    int[][] cells = PoolGrid.cells(gh, gw, b);
                    assertEquals(b, cells.length, gh + "x" + gw + " b " + b);
                    boolean[] covered = new boolean[gh * gw];
                    for (int[] c : cells) {
                        assertTrue(c[0] < c[1] && c[2] < c[3] && c[1] <= gh && c[3] <= gw,
                                gh + "x" + gw + " b " + b + " cell " + java.util.Arrays.toString(c));
                        for (int row = c[0]; row < c[1]; row++) {
                            for (int col = c[2]; col < c[3]; col++) {
                                covered[row * gw + col] = true;
                            }
                        }
                    }
                    for (boolean v : covered) {
                        assertTrue(v, gh + "x" + gw + " b " + b + " leaves a patch out");
                    }
                }
            }
        }
    }

    @Test
    void theBudgetIsSplitOverFramesFirstFramesFirst() {
        // 3 frames of 2 x 2, budget 5: frames get 2, 2, 1
        float[][] x = Fixtures.gaussian(new Random(9), 12, 3);
        float[] merged = pool("hidden", x, 3, 2, 2, 5).merged().toFloatArray();
        assertRows(adaptivePool(x, 0, 2, 2, 1, 2), merged, 0, 3, "frame 0");
        assertRows(adaptivePool(x, 4, 2, 2, 1, 2), merged, 2, 3, "frame 1");
        assertRows(adaptivePool(x, 8, 2, 2, 1, 1), merged, 4, 3, "frame 2");
    }

    @Test
    void aTokenAfterTheFramesIsKeptAsItIs() {
        // OneVision's video: 3 frames of 2 x 2, then the newline; budget 6 = the newline + frames of 2, 2, 1
        float[][] x = Fixtures.gaussian(new Random(9), 13, 3);
        Selection sel = pool("hidden", x, 3, 2, 2, 6);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {12}, sel.kept());
        float[] merged = sel.merged().toFloatArray();
        assertRows(adaptivePool(x, 0, 2, 2, 1, 2), merged, 0, 3, "frame 0");
        assertRows(adaptivePool(x, 8, 2, 2, 1, 1), merged, 4, 3, "frame 2");
    }
}
