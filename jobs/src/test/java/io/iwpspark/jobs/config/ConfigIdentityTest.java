package io.iwpspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.pruning.PrunerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One configuration, one id: defaults filled in and numbers normalised, from YAML and --set alike. */
class ConfigIdentityTest {
    private static final String HEAD = "model: m\nsamples: s\noutput: o\nbudgets: [8]\n";

    @TempDir
    Path dir;

    private List<String> ids(String methods, Map<String, String> overrides) throws Exception {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, HEAD + "methods: " + methods + "\n");
        return SweepConfigReader.read(f, dir, overrides).configurations().stream().map(PruningConfig::id).toList();
    }

    private String id(String methods) throws Exception {
        List<String> ids = ids(methods, Map.of());
        assertEquals(1, ids.size(), ids.toString());
        return ids.get(0);
    }

    @Test
    void spellingsOfOneConfigurationGiveOneId() throws Exception {
        String bare = id("[iwp]");
        assertEquals(bare, id("[{name: iwp, lambda: 0.5}]"));
        assertEquals(bare, id("[{name: iwp, lambda: 0.50}]"));
        assertEquals(bare, id("[{name: iwp, lambda: [\"0.5\"], kernel: EXP, rope: ' before '}]"));
        assertEquals(id("[{name: iwp, lambda: 1}]"), id("[{name: iwp, lambda: 1.0}]"));
        assertEquals(bare, ids("[random]", Map.of("methods", "[{name: iwp, lambda: 0.50}]")).get(0));
        assertNotEquals(bare, id("[{name: iwp, lambda: 0.3}]"));
        // Defaults are in the id, so a change of a default is a new configuration, not a silent reuse.
        assertTrue(bare.startsWith("iwp|b=8|") && bare.contains("lambda=0.5") && bare.contains("chunk0=4")
                && bare.contains("rope=before") && bare.contains("kernel=exp"), bare);
        assertEquals("random|b=8|seed=0", id("[random]"));
        assertEquals(id("[fastv]"), id("[{name: fastv, k: 2}]"));
    }

    @Test
    void twoSpellingsInOneSweepAreRefusedNamingBoth() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ids("[iwp, {name: iwp, lambda: [0.5, 0.7]}]", Map.of()));
        assertTrue(e.getMessage().contains("methods[1] iwp point 1 {lambda=0.5} is the same configuration as methods[0] iwp ("),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> ids("[{name: iwp, lambda: [1, 1.0]}]", Map.of()));
        assertTrue(e.getMessage().contains("methods[0] iwp point 2 {lambda=1.0} is the same configuration as methods[0] iwp point 1 {lambda=1}"), e.getMessage());
    }

    @Test
    void canonicalParamsBuildTheSamePrunerAndIdsAreStable() {
        PrunerRegistry registry = PrunerRegistry.load();
        PruningConfig c = PruningConfig.canonical(registry, "iwp", 16, Map.of("lambda", "0.70", "growth", "2"));
        assertEquals("iwp|b=16|chunk0=4,chunk_max=64,growth=2,guard=0.9,kernel=exp,lambda=0.7,layer=0,pool=2,"
                + "rope=before,scale=ratio", c.id());
        assertEquals(c, PruningConfig.canonical(registry, "iwp", 16, c.params()), "the canonical form is a fixed point");
        c.pruner(registry);
        for (String name : registry.factories().keySet()) {
            PruningConfig d = PruningConfig.canonical(registry, name, 4, Map.of());
            assertEquals(d, PruningConfig.canonical(registry, name, 4, d.params()), name);
        }
    }
}
