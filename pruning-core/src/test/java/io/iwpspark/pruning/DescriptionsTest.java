package io.iwpspark.pruning;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every factory's parameter descriptors agree with what the factory accepts and rejects. */
class DescriptionsTest {
    @Test
    void everyPrunerIsDescribed() {
        assertEquals(Set.of("iwp", "random", "uniform", "fastv", "pdrop", "sparsevlm", "visionzip", "divprune", "dart",
                "cdpruner", "pool", "vispruner", "dycoke", "holitom"), PrunerRegistry.load().factories().keySet());
        Map<String, Set<String>> expected = Map.of(
                "iwp", Set.of("kernel", "layer", "rope", "lambda", "scale", "chunk0", "growth", "chunk_max", "pool", "guard"),
                "cdpruner", Set.of("negate", "relevance"), "pool", Set.of("space"),
                "dart", Set.of("k", "pivotImage", "pivotText"));
        expected.forEach((name, params) -> assertEquals(params, PrunerRegistry.load().factory(name).parameters(), name));
    }

    @Test
    void defaultsAndChoicesAreAcceptedAndValuesOutsideTheRangeRejected() {
        for (PrunerFactory f : PrunerRegistry.load().factories().values()) {
            Set<String> names = f.describe().parameters().stream().map(ParamSpec::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(names.size(), f.describe().parameters().size(), f.name() + ": duplicate parameter names");
            for (ParamSpec p : f.describe().parameters()) {
                String where = f.name() + "." + p.name();
                assertDoesNotThrow(() -> create(f, p.name(), p.defaultValue()), where + " default " + p.defaultValue());
                for (String c : p.choices()) {
                    assertDoesNotThrow(() -> create(f, p.name(), c), where + " = " + c);
                }
                for (String bad : outside(p)) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> create(f, p.name(), bad), where + " = " + bad + " should be rejected");
                    assertTrue(e.getMessage().contains(p.name()), where + ": " + e.getMessage());
                }
            }
        }
    }

    @Test
    void allowedValuesReadAsARangeOrAList() {
        assertEquals("[0, 1]", ParamSpec.real("x", 0.5, 0, 1, "m").allowed());
        assertEquals("(0, 1]", ParamSpec.realAbove("x", 0.5, 0, 1, "m").allowed());
        assertEquals(">= 1", ParamSpec.integer("x", 4, 1, Integer.MAX_VALUE, "m").allowed());
        assertEquals("exp | linear", ParamSpec.choice("x", "exp", java.util.List.of("exp", "linear"), "m").allowed());
        assertEquals("any integer", ParamSpec.integer("x", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "m").allowed());
        assertEquals("0.15625", ParamSpec.number(10.0 / 64));
        assertEquals("0.000001", ParamSpec.number(1e-6));
        assertEquals("[0.000001, 1]", ParamSpec.real("x", 0.5, 1e-6, 1, "m").allowed());
    }

    private static void create(PrunerFactory f, String name, String value) {
        f.create(new PrunerParams(f.name(), Map.of(name, value)));
    }

    /** Values just outside the declared range, or a word outside the choices. */
    private static java.util.List<String> outside(ParamSpec p) {
        java.util.List<String> bad = new java.util.ArrayList<>();
        switch (p.type()) {
            case INT -> {
                if (p.min() > Integer.MIN_VALUE) {
                    bad.add(Long.toString((long) p.min() - 1));
                }
                if (p.max() < Integer.MAX_VALUE) {
                    bad.add(Long.toString((long) p.max() + 1));
                }
                bad.add("1.5");
            }
            case REAL -> {
                bad.add(Double.toString(p.minExclusive() ? p.min() : p.min() - 1e-9 * Math.max(1, Math.abs(p.min()))));
                if (p.max() < ParamSpec.UNBOUNDED) {
                    bad.add(Double.toString(p.max() + 1e-9 * Math.max(1, Math.abs(p.max()))));
                }
                bad.add("x");
            }
            case BOOL, CHOICE -> bad.add("no-such-value");
        }
        return bad;
    }
}
