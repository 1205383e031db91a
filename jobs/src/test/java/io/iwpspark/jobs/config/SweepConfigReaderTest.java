package io.iwpspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configurations of our own: each refused with one line naming the key and the value found. */
class SweepConfigReaderTest {
    private static final String GOOD = "model: m\nsamples: s\noutput: o\nmethods: [random]\nbudgets: [8]\n";

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private String refused(String yaml, Map<String, String> overrides) throws Exception {
        Path f = file(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> SweepConfigReader.read(f, dir, overrides));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()) || e.getMessage().startsWith("--set"), e.getMessage());
        return e.getMessage();
    }

    private String refused(String yaml) throws Exception {
        return refused(yaml, Map.of());
    }

    @Test
    void goodFileReads() throws Exception {
        SweepConfig c = SweepConfigReader.read(file(GOOD), dir);
        assertEquals(dir.resolve("o").toString(), c.output());
        assertEquals(1, c.configurations().size());
    }

    @Test
    void duplicateKeysAreNamedWithTheirLine() throws Exception {
        String m = refused(GOOD + "limit: 1\nlimit: 2\n");
        assertTrue(m.contains("key \"limit\" is given twice") && m.contains("line 7"), m);
        m = refused("model: m\nsamples: s\noutput: o\nbudgets: [8]\nmethods:\n  - {name: iwp, lambda: 0.3, lambda: 0.4}\n");
        assertTrue(m.contains("key \"lambda\" is given twice") && m.contains("line 6"), m);
    }

    @Test
    void integersAreRangeCheckedWithoutWrapping() throws Exception {
        assertTrue(refused(GOOD + "limit: 4294967296\n")
                .endsWith("limit must be an integer in [0, 2147483647], found 4294967296"));
        assertTrue(refused(GOOD + "bootstrap: 2147483648\n")
                .endsWith("bootstrap must be an integer in [1, 2147483647], found 2147483648"));
        assertTrue(refused(GOOD.replace("[8]", "[8, 2147483648]"))
                .endsWith("budgets[1] must be an integer in [1, 2147483647], found 2147483648"));
        assertTrue(refused(GOOD + "seed: 18446744073709551616\n").contains("seed must be an integer in"));
        assertTrue(refused(GOOD + "media: {max_frames: -1}\n").endsWith("media.max_frames must be an integer in [1, 2147483647], found -1"));
    }

    @Test
    void messagesNameTheValueNotItsType() throws Exception {
        assertTrue(refused(GOOD + "limit: ten\n").endsWith("limit must be an integer in [0, 2147483647], found \"ten\""));
        assertTrue(refused(GOOD + "limit: 2.5\n").endsWith("found 2.5"));
        assertTrue(refused(GOOD.replace("budgets: [8]", "budgets: {a: 1}")).endsWith("found {\"a\":1}"));
        assertTrue(refused(GOOD + "device: [cpu]\n").endsWith("device must be a single value, found [\"cpu\"]"));
        assertTrue(refused(GOOD + "benchmarks: [pope, {x: 1}]\n").endsWith("benchmarks[1] must be a single value, found {\"x\":1}"));
        assertTrue(refused(GOOD.replace("[random]", "[{name: iwp, lambda: 2}]")).contains("lambda must be in [0.0, 1.0], found 2.0"));
    }

    @Test
    void syntaxErrorsAreOneLineNamingFileOrKey() throws Exception {
        String m = refused(GOOD + "benchmarks: [1, 2\nlimit: 3\n");
        assertTrue(m.contains("YAML syntax error at line"), m);
        m = refused(GOOD, Map.of("budgets", "[1, 2"));
        assertTrue(m.startsWith("--set budgets=[1, 2: the value is not valid YAML"), m);
    }

    @Test
    void overridesApplyBeforeValidationAndMaySupplyMissingKeys() throws Exception {
        Path f = file("model: m\nsamples: s\nmethods: [random]\nbudgets: [8]\n");
        SweepConfig c = SweepConfigReader.read(f, dir, Map.of("output", "elsewhere", "media.max_pixels", "1000"));
        assertEquals(dir.resolve("elsewhere").toString(), c.output());
        assertEquals(1000, c.media().maxPixels());
        assertTrue(refused("model: m\nsamples: s\nmethods: [random]\nbudgets: [8]\n", Map.of("limit", "-1"))
                .contains("with --set [limit]: limit must be an integer in [0, 2147483647], found -1"));
        assertTrue(refused(GOOD, Map.of("model.x", "1")).contains("--set model.x: model is not a mapping, found \"m\""));
    }

    @Test
    void batchSizeDefaultsAndIsRangeChecked() throws Exception {
        assertEquals(RuntimeSettings.DEFAULT_BATCH_SIZE, SweepConfigReader.read(file(GOOD), dir).batchSize());
        assertEquals(1, SweepConfigReader.read(file(GOOD + "batch_size: 1\n"), dir).runtime().batchSize());
        assertEquals(3, SweepConfigReader.read(file(GOOD), dir, Map.of("batch_size", "3")).batchSize());
        assertTrue(refused(GOOD + "batch_size: 0\n").endsWith("batch_size must be an integer in [1, 256], found 0"));
        assertTrue(refused(GOOD + "batch_size: 257\n").endsWith("batch_size must be an integer in [1, 256], found 257"));
        assertTrue(refused(GOOD + "batch_size: two\n").endsWith("batch_size must be an integer in [1, 256], found \"two\""));
        ConfigException e = assertThrows(ConfigException.class,
                () -> RuntimeSettings.of("m", "cpu", 4).withBatchSize(0));
        assertEquals("batch_size must be in [1, 256], found 0", e.getMessage());
    }

    @Test
    void warmupSamplesDefaultsAndIsRangeChecked() throws Exception {
        assertEquals(RuntimeSettings.DEFAULT_WARMUP_SAMPLES, SweepConfigReader.read(file(GOOD), dir).runtime().warmupSamples());
        assertEquals(0, SweepConfigReader.read(file(GOOD + "warmup_samples: 0\n"), dir).runtime().warmupSamples());
        assertEquals(20, SweepConfigReader.read(file(GOOD), dir, Map.of("warmup_samples", "20")).runtime().warmupSamples());
        assertTrue(refused(GOOD + "warmup_samples: -1\n")
                .endsWith("warmup_samples must be an integer in [0, 1000], found -1"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> RuntimeSettings.of("m", "cpu", 4).withWarmupSamples(1001));
        assertEquals("warmup_samples must be in [0, 1000], found 1001", e.getMessage());
        RuntimeSettings r = RuntimeSettings.of("m", "cpu", 4).withWarmupSamples(5);
        assertEquals(5, r.withBatchSize(3).withSamplesPerBatch(2).withScoring(ScoringSettings.DEFAULT).warmupSamples(),
                "the other with* keep warmup_samples");
        assertEquals(2, r.withSamplesPerBatch(2).withWarmupSamples(7).samplesPerBatch(), "withWarmupSamples keeps the others");
    }

    @Test
    void samplesPerBatchDefaultsAndIsRangeChecked() throws Exception {
        assertEquals(RuntimeSettings.DEFAULT_SAMPLES_PER_BATCH,
                SweepConfigReader.read(file(GOOD), dir).runtime().samplesPerBatch());
        assertEquals(4, SweepConfigReader.read(file(GOOD + "samples_per_batch: 4\n"), dir).runtime().samplesPerBatch());
        assertEquals(2, SweepConfigReader.read(file(GOOD), dir, Map.of("samples_per_batch", "2")).runtime()
                .samplesPerBatch());
        assertTrue(refused(GOOD + "samples_per_batch: 0\n")
                .endsWith("samples_per_batch must be an integer in [1, 64], found 0"));
        assertTrue(refused(GOOD + "samples_per_batch: 65\n")
                .endsWith("samples_per_batch must be an integer in [1, 64], found 65"));
        assertTrue(refused(GOOD + "samples_per_batch: 1.5\n")
                .endsWith("samples_per_batch must be an integer in [1, 64], found 1.5"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> RuntimeSettings.of("m", "cpu", 4).withSamplesPerBatch(65));
        assertEquals("samples_per_batch must be in [1, 64], found 65", e.getMessage());
        assertEquals(3, RuntimeSettings.of("m", "cpu", 4).withSamplesPerBatch(3).withBatchSize(5).samplesPerBatch(),
                "withBatchSize keeps samples_per_batch");
    }

    @Test
    void anyresUnpadDefaultsToTransformersAndIsABoolean() throws Exception {
        assertTrue(SweepConfigReader.read(file(GOOD), dir).visual().anyresUnpad());
        assertFalse(SweepConfigReader.read(file(GOOD + "anyres_unpad: false\n"), dir).visual().anyresUnpad());
        assertEquals("anyres_unpad must be true or false, found \"no\"",
                refused(GOOD + "anyres_unpad: \"no\"\n").replaceFirst("^.*?: ", ""));
    }
}
