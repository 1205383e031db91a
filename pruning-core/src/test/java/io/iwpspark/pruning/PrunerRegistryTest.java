package io.iwpspark.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.pruning.iwp.IwpConfig;
import io.iwpspark.pruning.iwp.IwpPruner;
import io.iwpspark.pruning.iwp.IwpPrunerFactory;
import io.iwpspark.pruning.iwp.Kernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrunerRegistryTest {
    private final PrunerRegistry registry = PrunerRegistry.load();

    @Test
    void findsIwpAndBuildsItsConfigFromText() {
        Pruner p = registry.create("iwp", Map.of("lambda", "0.25", "kernel", "linear", "chunk0", "2",
                "growth", "1.5", "chunk_max", "32", "layer", "2", "rope", "after", "scale", "rank"));
        IwpConfig c = ((IwpPruner) p).config();
        assertEquals(0.25, c.lambda());
        assertEquals(Kernel.LINEAR, c.kernel());
        assertEquals(2, c.layer());
        assertTrue(c.keysAfterRope());
        assertEquals(List.of(new Stage(2, 64)), p.plan(576, 64, 32));
    }

    @Test
    void unknownNamesAndParametersAndValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.create("nope", Map.of()));
        assertTrue(e.getMessage().startsWith("unknown pruner name \"nope\"; known: ["), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.create("iwp", Map.of("lamda", "0.5")));
        assertTrue(e.getMessage().startsWith("unknown parameter(s) [lamda] for pruner iwp"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.create("iwp", Map.of("lambda", "1.5")));
        assertEquals("iwp parameter lambda must be in [0.0, 1.0], found 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.create("iwp", Map.of("lambda", "half")));
        assertEquals("iwp parameter lambda must be a number, found \"half\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.create("iwp", Map.of("kernel", "rbf")));
        assertEquals("iwp parameter kernel must be one of [EXP, LINEAR], found \"rbf\"", e.getMessage());
    }

    @Test
    void duplicateNamesAreRejectedLoudly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PrunerRegistry.of(List.of(new IwpPrunerFactory(), new IwpPrunerFactory())));
        assertTrue(e.getMessage().startsWith("two pruners are named \"iwp\""), e.getMessage());
    }
}
