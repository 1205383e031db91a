package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.pruning.PrunerRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryTest {
    static final String[] NAMES = {"random", "uniform", "fastv", "pdrop", "sparsevlm", "visionzip", "divprune", "dart", "cdpruner", "pool", "vispruner", "holitom"};

    @Test
    void everyBaselineIsFoundByName() {
        PrunerRegistry r = PrunerRegistry.load();
        for (String name : NAMES) {
            assertEquals(name, r.create(name, Map.of()).name());
        }
    }

    @Test
    void unknownParameterIsRejectedNamingIt() {
        PrunerRegistry r = PrunerRegistry.load();
        for (String name : NAMES) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> r.create(name, Map.of("bogus", "1")));
            assertTrue(e.getMessage().contains("bogus"), e.getMessage());
            // factories check too when called directly
            assertThrows(IllegalArgumentException.class, () -> r.factory(name)
                    .create(new io.iwpspark.pruning.PrunerParams(name, Map.of("bogus", "1"))));
        }
    }

    @Test
    void badValuesAreRejectedNamingTheParameter() {
        PrunerRegistry r = PrunerRegistry.load();
        Map<String, Map<String, String>> bad = Map.of(
                "fastv", Map.of("k", "0"), "pdrop", Map.of("lambda", "1.5"), "dart", Map.of("pivotImage", "x"),
                "visionzip", Map.of("contextualRatio", "0.9"), "cdpruner", Map.of("negate", "maybe"),
                "sparsevlm", Map.of("recycleRatio", "-1"), "random", Map.of("seed", "1.5"),
                "vispruner", Map.of("importantRatio", "1.5"));
        bad.forEach((name, params) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.create(name, params));
            String param = params.keySet().iterator().next();
            assertTrue(e.getMessage().contains(param), name + ": " + e.getMessage());
        });
        assertEquals(3, ((DartPruner) r.create("dart", Map.of("k", "3"))).plan(10, 5, 8).get(0).layer());
    }

    @Test
    void cdPrunerSaysWhereItsRelevanceLivesAndSweepsItsSign() {
        PrunerRegistry r = PrunerRegistry.load();
        assertTrue(r.factory("cdpruner").describe().label().contains("decoder"), r.factory("cdpruner").describe().label());
        assertEquals(new CdPruner.Config(false), configOf(r.create("cdpruner", Map.of("negate", "false"))));
        assertEquals(new CdPruner.Config(true), configOf(r.create("cdpruner", Map.of("relevance", "decoder"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.create("cdpruner", Map.of("relevance", "clip")));
        assertTrue(e.getMessage().contains("relevance") && e.getMessage().contains("CLIP"), e.getMessage());
    }

    private static CdPruner.Config configOf(io.iwpspark.pruning.Pruner p) {
        return ((CdPruner) p).config();
    }
}
