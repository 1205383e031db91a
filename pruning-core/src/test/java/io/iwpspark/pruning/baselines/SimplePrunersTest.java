package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Stage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** random, uniform and FastV: hand cases, naive references, seeds. */
class SimplePrunersTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void randomIsSeededAndUniform() {
        RandomPruner p = new RandomPruner(new RandomPruner.Config(0));
        Stage st = new Stage(0, 5);
        PruneInputs a = PruneInputs.builder(20).optSeed(11).build();
        assertArrayEquals(p.select(a, st).kept(), p.select(PruneInputs.builder(20).optSeed(11).build(), st).kept());
        assertFalse(java.util.Arrays.equals(p.select(a, st).kept(),
                p.select(PruneInputs.builder(20).optSeed(12).build(), st).kept()), "seed 11 vs 12");
        assertFalse(java.util.Arrays.equals(p.select(a, st).kept(),
                new RandomPruner(new RandomPruner.Config(1)).select(a, st).kept()), "config seed 0 vs 1");
        // each token is kept with probability 5/20: over 4000 seeds, 1000 expected, sd ~ 27
        int[] counts = new int[20];
        for (int seed = 0; seed < 4000; seed++) {
            int[] kept = p.select(PruneInputs.builder(20).optSeed(seed).build(), st).kept();
            assertEquals(5, kept.length);
            for (int i : kept) {
                counts[i]++;
            }
        }
        for (int i = 0; i < 20; i++) {
            assertTrue(Math.abs(counts[i] - 1000) < 150, "token " + i + " kept " + counts[i] + " times of ~1000");
        }
    }

    @Test
    void uniformKeepsTheCellCentresOfAFourByFourGrid() {
        UniformPruner p = new UniformPruner(new UniformPruner.Config());
        PruneInputs in = PruneInputs.builder(16).optGrid(1, 4, 4).build();
        // 2 x 2 cells of 2 x 2 patches: centres at rows/cols floor(0.5 * 2) = 1 and floor(1.5 * 2) = 3
        assertArrayEquals(new int[] {5, 7, 13, 15}, p.select(in, new Stage(0, 4)).kept());
    }

    @Test
    void uniformSplitsTheBudgetOverFrames() {
        UniformPruner p = new UniformPruner(new UniformPruner.Config());
        // two 2 x 3 frames, budget 5: frame 0 keeps 3 (middle row 3, 4, 5), frame 1 keeps 2 (6 + 3, 6 + 5)
        PruneInputs in = PruneInputs.builder(12).optGrid(2, 2, 3).build();
        assertArrayEquals(new int[] {3, 4, 5, 9, 11}, p.select(in, new Stage(0, 5)).kept());
        PruneInputs wrong = PruneInputs.builder(12).optGrid(3, 2, 3).build(); // 18 frame tokens > 12
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.select(wrong, new Stage(0, 5)));
        assertTrue(e.getMessage().contains("gridHeight"), e.getMessage());
        // a token after the frames (OneVision's newline) is kept first; the frames share the rest
        PruneInputs trailing = PruneInputs.builder(13).optGrid(2, 2, 3).build();
        int[] frames = p.select(in, new Stage(0, 4)).kept();
        int[] expected = java.util.Arrays.copyOf(frames, 5);
        expected[4] = 12;
        assertArrayEquals(expected, p.select(trailing, new Stage(0, 5)).kept());
    }

    @Test
    void uniformMatchesPoolingCentresOnSquareBudgets() {
        UniformPruner p = new UniformPruner(new UniformPruner.Config());
        for (int side : new int[] {1, 2, 3, 4, 6, 8, 12}) {
            int[] kept = p.select(PruneInputs.builder(576).optGrid(1, 24, 24).build(), new Stage(0, side * side)).kept();
            int[] expected = new int[side * side];
            int cell = 24 / side;
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    expected[i * side + j] = (i * cell + cell / 2) * 24 + j * cell + cell / 2;
                }
            }
            assertArrayEquals(expected, kept, "side " + side);
        }
        for (int b = 1; b <= 36; b++) {
            assertEquals(b, p.select(PruneInputs.builder(36).optGrid(1, 4, 9).build(), new Stage(0, b)).kept().length);
        }
    }

    @Test
    void fastvHandCase() {
        FastVPruner p = new FastVPruner(new FastVPruner.Config(2));
        float[] a = {0.1f, 0.3f, 0.05f, 0.3f, 0.2f, 0.05f};
        PruneInputs in = PruneInputs.builder(6).optLastTokenAttention(manager.create(a)).build();
        assertArrayEquals(new int[] {1, 3, 4}, p.select(in, new Stage(2, 3)).kept());
        assertArrayEquals(new int[] {1, 3}, p.select(in, new Stage(2, 2)).kept());
        // 0.05 twice: the lower index (2) wins
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, p.select(in, new Stage(2, 5)).kept());
        assertEquals(List.of(new Stage(2, 3)), p.plan(6, 3, 32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FastVPruner(new FastVPruner.Config(4)).plan(6, 3, 4));
        assertTrue(e.getMessage().contains("k"), e.getMessage());
    }

    @Test
    void fastvMatchesANaiveTopK() {
        FastVPruner p = new FastVPruner(new FastVPruner.Config(2));
        for (long seed = 1; seed <= 5; seed++) {
            float[] a = Fixtures.attention(new Random(seed), 1, 50)[0];
            double[] d = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                d[i] = a[i];
            }
            int[] expected = Fixtures.sorted(Fixtures.topK(d, null, 17));
            PruneInputs in = PruneInputs.builder(50).optLastTokenAttention(manager.create(a)).build();
            assertArrayEquals(expected, p.select(in, new Stage(2, 17)).kept(), "seed " + seed);
        }
    }
}
