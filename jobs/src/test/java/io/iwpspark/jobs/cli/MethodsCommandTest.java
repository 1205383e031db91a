package io.iwpspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.pruning.ParamSpec;
import io.iwpspark.pruning.PrunerFactory;
import io.iwpspark.pruning.PrunerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code iwp methods} lists the registry, and docs/METHODS.md is exactly what it generates. */
class MethodsCommandTest {
    static String[] run(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void listsEveryRegisteredPrunerWithItsParametersNeedsAndRepository() throws IOException {
        String[] r = run("methods");
        assertEquals("0", r[0], r[2]);
        for (PrunerFactory f : PrunerRegistry.load().factories().values()) {
            assertTrue(r[1].contains(f.name() + " - " + f.describe().label()), f.name());
            assertTrue(r[1].contains("official: " + f.describe().repository()), f.name());
            for (ParamSpec p : f.describe().parameters()) {
                assertTrue(r[1].contains(p.name()) && r[1].contains(p.allowed()) && r[1].contains(p.meaning()),
                        f.name() + "." + p.name());
            }
        }
        assertTrue(r[1].contains("needs:    VISUAL_KV, TEXT_KEYS, VISUAL_HIDDEN, TEXT_HIDDEN"), "dart's needs in:\n" + r[1]);
        assertTrue(r[1].contains("chunk_max"), "iwp's parameters");
    }

    @Test
    void anUnknownArgumentIsBadUsage() throws IOException {
        String[] r = run("methods", "--json");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--json"), r[2]);
    }

    @Test
    void docsMethodsMdIsWhatTheRegistryGenerates() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("docs")) && root.getParent() != null) {
            root = root.getParent();
        }
        String expected = MethodsCommand.markdown(PrunerRegistry.load());
        String found = Files.readString(root.resolve("docs/METHODS.md"));
        if (!expected.equals(found)) {
            Path fresh = root.resolve("jobs/target/METHODS.md");
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, expected);
            assertEquals(expected, found, "docs/METHODS.md disagrees with the pruner registry; regenerate it with `"
                    + MethodsCommand.REGENERATE + "` (or copy " + fresh + ")");
        }
        assertEquals(expected, found, "docs/METHODS.md disagrees with the pruner registry; regenerate it with `"
                + MethodsCommand.REGENERATE + "`");
    }
}
