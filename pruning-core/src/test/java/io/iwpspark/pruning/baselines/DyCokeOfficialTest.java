package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DyCoke's TTM against the official {@code dycole_ttm}: dycoke/ttm.txt holds, per case, the official output as
 * input row indices in its order and each output row's sum, on (F T + 1, 16) tensors both sides draw from
 * SplitMix64 ({@code tools/dycoke_reference.py} runs the official function from a DyCoke checkout on CPU torch).
 * The extra last row stands for OneVision's newline, which the official code appends after TTM.
 */
class DyCokeOfficialTest {
    static final int HIDDEN = 16;
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static NDArray rows(long seed, int n) {
        float[] x = new float[n * HIDDEN];
        for (int i = 0; i < x.length; i++) {
            x[i] = DartOfficialTest.value(seed, i);
        }
        return manager.create(x, new Shape(n, HIDDEN));
    }

    @Test
    void keepsWhatTheOfficialCodeKeepsInItsOrder() throws IOException {
        List<String> lines;
        try (InputStream s = DyCokeOfficialTest.class.getResourceAsStream("/dycoke/ttm.txt")) {
            lines = new String(s.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
        assertEquals(7, lines.size(), "cases in dycoke/ttm.txt");
        for (String line : lines) {
            String[] part = line.split("\\|");
            String[] c = part[0].trim().split(" ");
            int seed = Integer.parseInt(c[0]);
            int frames = Integer.parseInt(c[1]);
            int t = Integer.parseInt(c[2]);
            double k = Double.parseDouble(c[3]);
            int n = frames * t + 1;
            int[] official = Arrays.stream(part[1].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
            double[] sums = Arrays.stream(part[2].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
            int[] expected = Arrays.copyOf(official, official.length + 1);
            expected[official.length] = n - 1; // the newline stays last
            String where = "case " + part[0].trim();
            int budget = DyCokeFrames.budgetFor(n, t, k);
            assertEquals(expected.length, budget, where + ": budget equal to k");

            NDArray x = rows(seed, n);
            PruneInputs in = PruneInputs.builder(n).optVisualHidden(x).build();
            DyCokePruner similarity = new DyCokePruner(new DyCokePruner.Config(t, true, 3, 0.8));
            List<Stage> plan = similarity.plan(n, budget, 28);
            assertEquals(List.of(new Stage(0, budget)), plan, where);
            assertArrayEquals(expected, DyCokeTtm.order(x, DyCokeFrames.of(n, t),
                    DyCokeFrames.of(n, t).keeps(budget)), where + ": order");
            Selection sel = similarity.select(in, plan.get(0));
            if (budget == n) { // k = 0: B = N is "keep everything in place", not the official reordering
                assertArrayEquals(Picks.all(n).kept(), sel.kept(), where);
                continue;
            }
            assertEquals(0, sel.kept().length, where);
            assertEquals(MergeSpace.HIDDEN, sel.mergeSpace(), where);
            float[] merged = sel.merged().toFloatArray();
            assertEquals(budget * HIDDEN, merged.length, where);
            for (int r = 0; r < official.length; r++) {
                double sum = 0;
                for (int j = 0; j < HIDDEN; j++) {
                    sum += merged[r * HIDDEN + j];
                }
                assertEquals(sums[r], sum, 1e-5, where + ": sum of output row " + r);
            }

            int[] sorted = expected.clone();
            Arrays.sort(sorted);
            Selection inPlace = new DyCokePruner(new DyCokePruner.Config(t, false, 3, 0.8)).select(in, plan.get(0));
            assertArrayEquals(sorted, inPlace.kept(), where + ": order=position keeps the same tokens");
            assertEquals(MergeSpace.NONE, inPlace.mergeSpace(), where);
        }
    }

    @Test
    void budgetsSpreadOverPrunedFramesAndUnreachableOnesAreRefused() {
        // 8 frames of 4 + newline: anchors 0, 4, 6; pruned 1, 2, 3, 5, 7 (frame 2 against 0, as w = 0 < F - 4).
        DyCokeFrames f = DyCokeFrames.of(33, 4);
        assertArrayEquals(new int[] {-1, 0, 0, 2, -1, 4, -1, 6}, f.anchor());
        assertEquals(13, f.minimum());
        assertEquals(33, f.maximum());
        assertArrayEquals(new int[] {2, 2, 1, 1, 1}, f.keeps(20));
        // 7 frames of 4: frame 6 has no pair and is left out of the output, as officially.
        DyCokeFrames odd = DyCokeFrames.of(28, 4);
        assertArrayEquals(new int[] {-1, 0, 0, 2, -1, 4}, odd.anchor());
        assertEquals(24, odd.maximum());
        DyCokePruner p = new DyCokePruner(new DyCokePruner.Config(4, true, 3, 0.8));
        assertEquals(List.of(new Stage(0, 28)), p.plan(28, 28, 8), "B = N keeps everything");
        for (int bad : new int[] {7, 25}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.plan(28, bad, 8));
            assertTrue(e.getMessage().startsWith("dycoke budget must be 28 or in [8, 24]"), e.getMessage());
        }
        IllegalArgumentException image = assertThrows(IllegalArgumentException.class,
                () -> new DyCokePruner(new DyCokePruner.Config(196, true, 3, 0.8)).plan(146, 8, 8));
        assertTrue(image.getMessage().contains("0 frames of tokensPerFrame 196"), image.getMessage());
    }
}
