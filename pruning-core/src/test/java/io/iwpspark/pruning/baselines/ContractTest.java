package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract every baseline keeps: budget checks, needs, finiteness, sizes, managers. */
class ContractTest {
    static final int N = 36;
    static final int LAYERS = 32;
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Pruner pruner(String name) {
        return PrunerRegistry.load().create(name, Map.of());
    }

    static Fixtures.Fields fields(long seed) {
        return new Fixtures.Fields(new Random(seed), N, 5, 2, 8, 48, 40);
    }

    private static PruneInputs grid(PruneInputs in) {
        // a 6 x 6 single frame so that uniform accepts the inputs
        return new PruneInputs(in.numVisual(), 1, 6, 6, in.visualStart(), in.seed(), in.keys(), in.values(), in.textKeys(),
                in.lastTokenAttention(), in.lastTokenAttentionAtStage(), in.textToVisualAttention(), in.clsAttention(), in.visionAttention(), in.visionKeys(),
                in.visionFeatures(), in.visualHidden(), in.textHidden());
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "uniform", "fastv", "pdrop", "sparsevlm", "visionzip", "divprune", "dart", "cdpruner", "pool", "vispruner", "holitom"})
    void budgetOutsideOneToNThrowsNamingBudget(String name) {
        Pruner p = pruner(name);
        for (int bad : new int[] {0, -1, N + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.plan(N, bad, LAYERS));
            assertTrue(e.getMessage().contains("budget"), name + ": " + e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "uniform", "fastv", "pdrop", "sparsevlm", "visionzip", "divprune", "dart", "cdpruner", "pool", "vispruner", "holitom"})
    void budgetEqualToNKeepsEveryToken(String name) {
        Pruner p = pruner(name);
        List<Stage> stages = p.plan(N, N, LAYERS);
        for (Stage st : stages) {
            assertEquals(N, st.keep(), name);
            Selection sel = p.select(grid(fields(1).build(manager, Set.of())), st);
            assertNull(sel.merged(), name);
            int[] all = new int[N];
            for (int i = 0; i < N; i++) {
                all[i] = i;
            }
            assertArrayEquals(all, sel.kept(), name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "uniform", "fastv", "pdrop", "sparsevlm", "visionzip", "divprune", "dart", "cdpruner", "pool", "vispruner", "holitom"})
    void selectionSizeIsTheStageKeepAndMergedOutlivesTheScratch(String name) {
        Pruner p = pruner(name);
        for (int budget : new int[] {1, 5, 12, 30}) {
            try (NDManager m = manager.newSubManager()) {
                PruneInputs in = grid(fields(budget).build(m, Set.of()));
                // the first stage sees all N; a later stage sees the previous keep
                List<Stage> stages = p.plan(N, budget, LAYERS);
                Stage st = stages.get(0);
                Selection sel = p.select(in, st);
                assertEquals(st.keep(), sel.size(), name + " budget " + budget);
                for (int i = 1; i < sel.kept().length; i++) {
                    assertTrue(sel.kept()[i] > sel.kept()[i - 1]);
                }
                if (sel.merged() != null) {
                    assertSame(m, sel.merged().getManager(), name + ": merged must belong to the inputs' manager");
                    assertEquals(sel.merged().toFloatArray().length, sel.merged().size());
                }
                if (in.visualHidden() != null) {
                    assertSame(m, in.visualHidden().getManager(), name + ": inputs must return to their manager");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fastv", "pdrop", "sparsevlm", "visionzip", "divprune", "dart", "cdpruner", "pool", "vispruner", "holitom"})
    void missingNeedThrowsNamingIt(String name) {
        Pruner p = pruner(name);
        for (Stage st : p.plan(N, 10, LAYERS)) { // each stage checks what it reads (HoliTom's differ)
            for (Need need : p.needs(st)) {
                PruneInputs in = fields(2).build(manager, Set.of(need));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.select(in, st));
                assertTrue(e.getMessage().contains(need.name()), name + ": " + e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fastv", "pdrop", "sparsevlm", "visionzip", "divprune", "dart", "cdpruner", "pool", "vispruner", "holitom"})
    void nanInAnInputThrowsNamingTheField(String name) {
        Pruner p = pruner(name);
        for (Stage st : p.plan(N, 10, LAYERS)) {
            for (Need need : p.needs(st)) {
                Fixtures.Fields f = fields(3);
                f.get(need)[0][1] = Float.NaN;
                PruneInputs in = f.build(manager, Set.of());
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.select(in, st));
                assertTrue(e.getMessage().contains(Fixtures.field(need)), name + " " + need + ": " + e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"visionzip", "sparsevlm"})
    void mergingPrunersDeclareTheirSpace(String name) {
        Pruner p = pruner(name);
        Selection sel = p.select(fields(4).build(manager, Set.of()), new Stage(p.plan(N, 12, LAYERS).get(0).layer(), 12));
        NDArray merged = sel.merged();
        assertTrue(merged != null, name + " merges at budget 12 of 36");
        assertEquals(name.equals("visionzip") ? MergeSpace.VISION_FEATURES : MergeSpace.HIDDEN, sel.mergeSpace());
    }
}
