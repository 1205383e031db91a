package io.iwpspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import io.iwpspark.jobs.sweep.CorruptCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rejected configuration: exit status 2, one line on stderr naming the key and value, nothing written. */
class MainConfigErrorTest {
    private static final String MODEL = Path.of("../lvlm/src/test/resources/fixtures/tiny-llava-mha").toAbsolutePath()
            .normalize().toString();

    private static String[] refused(Path dir, String yaml, String... extra) throws Exception {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, "model: " + MODEL + "\nsamples: " + dir.resolve("samples") + "\noutput: " + dir.resolve("run")
                + "\nsynthetic: {vqa: 2, image_size: 64}\nmethods: [random]\nbudgets: [4]\n" + yaml);
        String[] args = new String[3 + extra.length];
        args[0] = "run";
        args[1] = "--config";
        args[2] = f.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out), new PrintStream(err));
        assertEquals(2, code, err.toString());
        assertEquals("", out.toString());
        String[] lines = err.toString().strip().split("\\R");
        assertEquals(1, lines.length, err.toString());
        assertFalse(Files.exists(dir.resolve("samples")) || Files.exists(dir.resolve("run")), "nothing left behind");
        return lines;
    }

    @Test
    void configurationErrorsExitTwoWithOneLine(@TempDir Path dir) throws Exception {
        assertTrue(refused(dir, "limit: 4294967296\n")[0].endsWith("limit must be an integer in [0, 2147483647], found 4294967296"));
        assertTrue(refused(dir, "seed: 1\nseed: 2\n")[0].contains("key \"seed\" is given twice"));
        assertTrue(refused(dir, "", "--set", "budgets=[4, 8")[0].startsWith("iwp: configuration error: --set budgets=[4, 8: "));
        assertTrue(refused(dir, "", "--set", "methods=[{name: iwp, lambda: 7}]")[0]
                .contains("iwp parameter lambda must be in [0.0, 1.0], found 7.0"));
        assertTrue(refused(dir, "", "--set", "budgets=[100000]")[0]
                .contains("budgets: 100000 exceeds the visual tokens any sample can have: 16 per image"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(refused(dir, "", "--set", "output=" + file)[0].endsWith("output: " + file + " is a file, expected a folder (or nothing)"));
    }

    /** A checkpoint whose tensors do not match its config.json: refused from the headers before Spark, nothing written. */
    @Test
    void aCheckpointNotMatchingItsConfigIsRefusedBeforeSpark(@TempDir Path dir) throws Exception {
        String lmHead = "lm_head.weight"; // (152, 64)
        Path bad = CorruptCheckpoint.copy(Path.of(MODEL), dir.resolve("ckpt"), h -> {
            CorruptCheckpoint.reshape(h, lmHead, 76, 128);
            h.remove("model.language_model.layers.1.mlp.down_proj.weight");
        });
        String line = refused(dir, "", "--set", "model=" + bad)[0];
        assertEquals("iwp: configuration error: model: " + bad
                + ": the weights do not match config.json (2 problems): missing tensor "
                + "model.language_model.layers.1.mlp.down_proj.weight (64, 128); model.safetensors: lm_head.weight has shape "
                + "(76, 128), expected (152, 64)", line);
    }

    /** An object-store URI would resolve to a local folder named after its scheme; it is refused, nothing created. */
    @Test
    void aUriIsRefusedAsAPath(@TempDir Path dir) throws Exception {
        String line = refused(dir, "", "--set", "output=s3a://bucket/run")[0];
        assertTrue(line.endsWith("output must be a local path (on a cluster, a folder mounted at the same path on the driver "
                + "and every executor), found the URI \"s3a://bucket/run\""), line);
        assertTrue(refused(dir, "", "--set", "samples=gs://bucket/samples")[0].endsWith("found the URI \"gs://bucket/samples\""));
        assertFalse(Files.exists(Path.of("s3a:")) || Files.exists(Path.of("gs:")), "no local folder named after a scheme");
    }
}
