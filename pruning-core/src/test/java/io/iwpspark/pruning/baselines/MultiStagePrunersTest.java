package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Stage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PyramidDrop and SparseVLM plans: layer order, keep order, matched averages. */
class MultiStagePrunersTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Naive average of visual tokens over the decoder layers, layer by layer. */
    static double naiveAverage(int n, int numLayers, List<Stage> stages) {
        double sum = 0;
        for (int layer = 0; layer < numLayers; layer++) {
            int tokens = n;
            for (Stage s : stages) {
                if (s.layer() <= layer) {
                    tokens = s.keep();
                }
            }
            sum += tokens;
        }
        return sum / numLayers;
    }

    static void assertOrdered(String what, List<Stage> stages, int n, int numLayers) {
        for (int s = 0; s < stages.size(); s++) {
            Stage st = stages.get(s);
            assertTrue(st.layer() >= 1 && st.layer() < numLayers, what + " layer " + st);
            assertTrue(st.keep() >= 1 && st.keep() <= n, what + " keep " + st);
            if (s > 0) {
                assertTrue(st.layer() > stages.get(s - 1).layer(), what + " layers ascend " + stages);
                assertTrue(st.keep() <= stages.get(s - 1).keep(), what + " keeps do not increase " + stages);
            }
        }
    }

    @Test
    void pdropOfficialScheduleAtItsOwnAverage() {
        // (8 * 576 + 8 * 288 + 8 * 144 + 8 * 72) / 32 = 270: the official 50 / 25 / 12.5 % schedule
        PyramidDropPruner p = new PyramidDropPruner(new PyramidDropPruner.Config(0.5));
        assertEquals(List.of(new Stage(8, 288), new Stage(16, 144), new Stage(24, 72)), p.plan(576, 270, 32));
    }

    @Test
    void pdropMovesItsStagesEarlierForSmallBudgets() {
        // layers 8/16/24 cannot go below 144.75 (8 layers at 576); a = 3 is the largest that reaches 64:
        // (3 * 576 + 3 * 30 + 3 * 15 + 23 * 8) / 32 = 2047 / 32 = 63.97 (x = 31 would give 64.16)
        PyramidDropPruner p = new PyramidDropPruner(new PyramidDropPruner.Config(0.5));
        List<Stage> plan = p.plan(576, 64, 32);
        assertEquals(List.of(new Stage(3, 30), new Stage(6, 15), new Stage(9, 8)), plan);
        assertEquals(2047 / 32.0, naiveAverage(576, 32, plan), 1e-12);
    }

    @Test
    void multiStagePlansAreOrderedAndMatchTheBudget() {
        for (Pruner p : new Pruner[] {new PyramidDropPruner(new PyramidDropPruner.Config(0.5)),
                new PyramidDropPruner(new PyramidDropPruner.Config(0.3)),
                new SparseVlmPruner(new SparseVlmPruner.Config(true, 0.3))}) {
            for (int[] nl : new int[][] {{576, 32}, {100, 8}, {2880, 28}}) {
                int n = nl[0];
                int layers = nl[1];
                for (int budget = 1; budget <= n; budget += Math.max(1, n / 37)) {
                    List<Stage> plan = p.plan(n, budget, layers);
                    String what = p.name() + " N " + n + " L " + layers + " B " + budget;
                    assertEquals(3, plan.size(), what);
                    assertOrdered(what, plan, n, layers);
                    double avg = naiveAverage(n, layers, plan);
                    double floor = (double) plan.get(0).layer() * n / layers;
                    // reachable budgets are met within a token (keeps are integers, layers coarse)
                    if (budget >= floor + 3) {
                        assertEquals(budget, avg, 1.0, what + " " + plan);
                    }
                }
                assertEquals(n, naiveAverage(n, layers, p.plan(n, n, layers)), 1e-9, p.name() + " B = N");
            }
        }
    }

    @Test
    void sparseVlmStagesFollowTheOfficialLayers() {
        SparseVlmPruner p = new SparseVlmPruner(new SparseVlmPruner.Config(true, 0.3));
        List<Stage> plan = p.plan(576, 192, 32);
        // pruning_loc 2, 6, 15 prune those layers' outputs: stages before layers 3, 7, 16
        assertEquals(List.of(3, 7, 16), plan.stream().map(Stage::layer).toList());
        // shape of the official 192 list (300, 200, 110)
        assertEquals(200.0 / 300, plan.get(1).keep() / (double) plan.get(0).keep(), 0.01);
        assertEquals(110.0 / 300, plan.get(2).keep() / (double) plan.get(0).keep(), 0.01);
        assertEquals(List.of(1, 2, 3), p.plan(40, 10, 4).stream().map(Stage::layer).toList());
    }

    @Test
    void pdropSelectsTheTopAttentionOfTheFieldItsModeNames() {
        PyramidDropPruner own = new PyramidDropPruner(new PyramidDropPruner.Config(0.5));
        PyramidDropPruner previous = new PyramidDropPruner(
                new PyramidDropPruner.Config(0.5, PyramidDropPruner.Attention.PREVIOUS));
        assertEquals(Set.of(Need.LAST_TOKEN_ATTENTION_AT_STAGE), own.needs());
        assertEquals(Set.of(Need.LAST_TOKEN_ATTENTION), previous.needs());
        for (long seed = 1; seed <= 3; seed++) {
            Random rng = new Random(seed);
            float[] atStage = Fixtures.attention(rng, 1, 40)[0];
            float[] before = Fixtures.attention(rng, 1, 40)[0];
            PruneInputs in = PruneInputs.builder(40).optLastTokenAttentionAtStage(manager.create(atStage))
                    .optLastTokenAttention(manager.create(before)).build();
            assertArrayEquals(Fixtures.sorted(Fixtures.topK(wide(atStage), null, 9)), own.select(in, new Stage(8, 9)).kept());
            assertArrayEquals(Fixtures.sorted(Fixtures.topK(wide(before), null, 9)),
                    previous.select(in, new Stage(8, 9)).kept());
        }
        PruneInputs onlyPrevious = PruneInputs.builder(40).optLastTokenAttention(manager.create(new float[40])).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> own.select(onlyPrevious, new Stage(8, 9)));
        assertTrue(e.getMessage().contains("LAST_TOKEN_ATTENTION_AT_STAGE"), e.getMessage());
    }

    @Test
    void pdropAttentionParameterDefaultsToTheOfficialOwnLayer() {
        PrunerRegistry r = PrunerRegistry.load();
        assertEquals(Set.of(Need.LAST_TOKEN_ATTENTION_AT_STAGE), r.create("pdrop", Map.of()).needs());
        assertEquals(Set.of(Need.LAST_TOKEN_ATTENTION), r.create("pdrop", Map.of("attention", "previous")).needs());
        assertThrows(IllegalArgumentException.class, () -> r.create("pdrop", Map.of("attention", "next")));
    }

    private static double[] wide(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
