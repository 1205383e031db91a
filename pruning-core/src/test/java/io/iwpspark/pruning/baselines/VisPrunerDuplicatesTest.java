package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** VisPruner's duplicate removal on hand-computed cases, including the deviations (odd R, r above |A|). */
class VisPrunerDuplicatesTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /**
     * Six tokens: 1, 3, 5 are the unit axes; 0 equals 1 (best match 1), 4 leans to 5 (0.9, 0.436 to 3),
     * 2 is the diagonal (0.577 to each). 6 is a second copy of 3 for the odd case.
     */
    static NDArray unit() {
        float s = (float) (1 / Math.sqrt(3));
        float[][] rows = {{1, 0, 0}, {1, 0, 0}, {s, s, s}, {0, 1, 0}, {0, 0.4359f, 0.9f}, {0, 0, 1}, {0, 1, 0}};
        return Picks.unitRows(Fixtures.nd(manager, rows));
    }

    @Test
    void oneRoundDropsTheMostDuplicatedEvenPositionsAndKeepsScoreOrderThenTheOddOnes() {
        // A = 0, 2, 4 with scores 1, 0.577, 0.9; r = 2 drops 0 and 4; then A's rest (2), then B (1, 3, 5)
        assertArrayEquals(new int[] {2, 1, 3, 5}, VisPrunerDuplicates.remove(unit(), new int[] {0, 1, 2, 3, 4, 5}, 4));
        // r = 1 drops only 0; A's rest in score order: 4 (0.9) before 2 (0.577)
        assertArrayEquals(new int[] {4, 2, 1, 3, 5}, VisPrunerDuplicates.remove(unit(), new int[] {0, 1, 2, 3, 4, 5}, 5));
    }

    @Test
    void anOddResidualKeepsEveryUndroppedEvenPosition() {
        // R = 5: A = 0, 2, 4 against B = 1, 3 (scores 1, 0.577, 0.436); r = 2 drops 0 and 2; 4 stays, then B
        assertArrayEquals(new int[] {4, 1, 3}, VisPrunerDuplicates.remove(unit(), new int[] {0, 1, 2, 3, 4}, 3));
    }

    @Test
    void aDropLargerThanTheEvenHalfDropsItAllAndGoesOn() {
        // R = 6, target 2: r = min(8, 4) = 4 > |A| = 3, so 0, 2, 4 go and [1, 3, 5] remain; next round
        // A = 1, 5 against B = 3: both score 0, the tie goes to the earlier position (1 dropped), leaving 5, 3
        assertArrayEquals(new int[] {5, 3}, VisPrunerDuplicates.remove(unit(), new int[] {0, 1, 2, 3, 4, 5}, 2));
    }

    @Test
    void importantTokensComeFromClsAttentionAndTheRestFromDuplicateRemoval() {
        // CLS attention ranks 6 > 0 > 1 > 2 > 3 > 4 > 5; budget 4 at ratio 0.5: important 6, 0; residual
        // 1, 2, 3, 4, 5 -> A = 1, 3, 5 (scores vs B = 2, 4: 0.577, 0.577, 0.9), r = 3 drops all of A: 2, 4 remain
        float[] cls = {0.6f, 0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 0.9f};
        PruneInputs in = PruneInputs.builder(7).optClsAttention(manager.create(cls)).optVisionFeatures(unit()).build();
        VisPrunerPruner p = new VisPrunerPruner(new VisPrunerPruner.Config(0.5));
        assertArrayEquals(new int[] {0, 2, 4, 6}, p.select(in, new Stage(0, 4)).kept());
        assertEquals(2.0, p.select(in, new Stage(0, 4)).diagnostics().get("important"));
        // ratio 0.75 of 4: int(3.0) = 3 important (6, 0, 1) and one of 2..5
        assertEquals(3, new VisPrunerPruner(new VisPrunerPruner.Config(0.75)).important(4));
        assertEquals(1, new VisPrunerPruner(new VisPrunerPruner.Config(0.3)).important(5)); // floor(1.5)
    }
}
