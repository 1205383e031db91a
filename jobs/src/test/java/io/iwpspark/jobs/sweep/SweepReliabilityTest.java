package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesVqa;
import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.MethodGrid;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.jobs.config.SyntheticSpec;
import io.iwpspark.jobs.schema.Predictions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep against bad inputs of our own and interrupted runs, on the tiny random LLaVA (16 visual
 * tokens per image): one row per (record, configuration) whatever the record, scope errors before any
 * evaluation with nothing written, and leftovers of killed runs removed, never merged.
 */
class SweepReliabilityTest {
    private static SparkSession spark;
    private static ShapesVqa shapes;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("SweepReliabilityTest");
        shapes = new ShapesVqa(ShapesConfig.defaults(5).withSize(64, 64));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SweepConfig config(Path dir, List<String> benchmarks, int limit, List<Integer> budgets,
            SyntheticSpec synthetic) {
        return new SweepConfig(SweepJobTest.MODEL.toString(), "cpu", "f32", dir.resolve("samples").toString(), synthetic,
                benchmarks, limit, List.of(new MethodGrid("random", Map.of())), budgets, 2, false, false, 1, 2, 2,
                dir.resolve("run").toString(), 10, 3);
    }

    private static SweepConfig config(Path dir) {
        return config(dir, List.of(), 0, List.of(4), null);
    }

    /** The good sample {@code i}'s row with id {@code id} and one column changed (null column: none). */
    private static Row record(int i, String id, String column, Object value) {
        Row r = SampleRows.toRow(shapes.sample(i));
        Object[] v = new Object[r.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = r.get(k);
        }
        v[SampleRows.SCHEMA.fieldIndex(SampleRows.ID)] = id;
        if (column != null) {
            v[SampleRows.SCHEMA.fieldIndex(column)] = value;
        }
        return new GenericRowWithSchema(v, SampleRows.SCHEMA);
    }

    private static Object seq(Object... items) {
        return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(items)).toSeq();
    }

    private static void writeSamples(Path dir, List<Row> rows) {
        List<StructField> loose = new ArrayList<>();
        for (StructField f : SampleRows.SCHEMA.fields()) {
            loose.add(DataTypes.createStructField(f.name(), f.dataType(), true)); // as a foreign writer would
        }
        spark.createDataFrame(rows, DataTypes.createStructType(loose)).write().parquet(dir.resolve("samples").toString());
    }

    private static List<Row> table(Path dir) {
        return spark.read().parquet(dir.resolve("run/predictions").toString()).collectAsList();
    }

    /** (sample, configuration, prediction, error) of every row: what an equal table must equal. */
    private static List<String> contents(Path dir) {
        List<String> out = new ArrayList<>();
        for (Row r : table(dir)) {
            out.add(r.getAs(Predictions.SAMPLE_ID) + " " + r.getAs(Predictions.CONFIG_ID) + " "
                    + r.getAs(Predictions.PREDICTION) + " " + r.getAs(Predictions.ERROR));
        }
        out.sort(null);
        return out;
    }

    @Test
    void everyRecordGivesOneRowPerConfigurationAndABombLeavesTheDriverAlive(@TempDir Path dir) {
        List<Row> rows = List.of(record(0, "ok-0", null, null), record(1, "ok-1", null, null),
                record(2, "null-question", SampleRows.QUESTION, null),
                record(3, "gif", SampleRows.MEDIA_KIND, "GIF"),
                record(4, "no-media", SampleRows.MEDIA, seq()),
                record(5, "bomb", SampleRows.MEDIA, seq((Object) BombPng.png(20000, 20000))),
                record(6, null, null, null));
        writeSamples(dir, rows);
        SweepSummary s = SweepJob.run(spark, config(dir), new PrintStream(new ByteArrayOutputStream()));
        assertTrue(s.reconciled(), s.toString());
        assertEquals(7 * 3, s.rows(), "7 records x (random + unpruned + text-only)");
        assertEquals(2 * 3, s.okRows());
        assertEquals(5 * 3, s.errorRows());
        assertEquals(7, s.evaluatedNow());
        Map<String, String> want = Map.of(
                "null-question", "sample: record null-question: field question: expected a string but found null",
                "gif", "sample: record gif: field media_kind: expected one of [NONE, IMAGE, VIDEO] but found \"GIF\"",
                "no-media", "sample: record no-media: field media: expected at least one encoded image for media_kind IMAGE but found none",
                "bomb", "sample: record bomb: field media[0]: image bytes: the png header declares 20000 x 20000 = 400000000 "
                        + "pixels, over the limit of 40000000 (media.max_pixels); not decoded",
                "(null id)", "sample: record (null id): field id: expected a non-blank string but found null or blank");
        for (Row r : table(dir)) {
            String id = r.getAs(Predictions.SAMPLE_ID);
            assertEquals(want.get(id), r.getAs(Predictions.ERROR), id + " " + r.getAs(Predictions.CONFIG_ID));
        }
        SweepSummary again = SweepJob.run(spark, config(dir), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, again.evaluatedNow(), "error rows count as done, the null id's too: nothing appended twice");
        assertEquals(s.rows(), again.rows());
    }

    @Test
    void scopeErrorsComeBeforeAnyEvaluationAndWriteNothing(@TempDir Path dir) {
        writeSamples(dir, List.of(record(0, "a", null, null)));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        ConfigException e = assertThrows(ConfigException.class,
                () -> SweepJob.run(spark, config(dir, List.of("shapes_vqa", "pope"), 0, List.of(4), null), quiet));
        assertEquals("benchmarks[1]: \"pope\" matches no sample in " + dir.resolve("samples") + "; it has [shapes_vqa]",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> SweepJob.run(spark, config(dir, List.of(), 0, List.of(4, 17), null), quiet));
        assertTrue(e.getMessage().startsWith("budgets: 17 exceeds the visual tokens of every sample in scope: at most 16"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> SweepJob.validate(config(dir, List.of(), 0, List.of(16 * 512 + 1), null)));
        assertTrue(e.getMessage().startsWith("budgets: 8193 exceeds the visual tokens any sample can have"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("run/predictions")), "nothing written for a refused sweep");

        Path empty = dir.resolve("empty");
        writeSamples(empty, List.of());
        e = assertThrows(ConfigException.class, () -> SweepJob.run(spark, config(empty), quiet));
        assertEquals("samples: the table " + empty.resolve("samples") + " has no rows", e.getMessage());
        assertFalse(Files.exists(empty.resolve("run/predictions")));
    }

    /**
     * A sweep refused before its waves stops the warm-up it started: left running, it kept the model busy after
     * the sweep, and the JVM's exit closed the model under its forward pass (CI's test JVM aborted).
     */
    @Test
    void aRefusedSweepStopsItsWarmUp(@TempDir Path dir) throws Exception {
        writeSamples(dir, List.of(record(0, "a", null, null)));
        // Loaded here, so the 2 s below are the stop and one sample in progress, not the load.
        ModelCache.get(SweepJobTest.MODEL, ai.djl.Device.cpu(), ai.djl.ndarray.types.DataType.FLOAT32);
        SweepConfig refused = config(dir, List.of(), 0, List.of(4, 17), null).withWarmupSamples(1000);
        assertThrows(ConfigException.class,
                () -> SweepJob.run(spark, refused, new PrintStream(new ByteArrayOutputStream())));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("iwp-model-preload")) {
                t.join(2_000);
                assertFalse(t.isAlive(), "the warm-up of 1000 samples ended within 2 s of the refusal");
            }
        }
    }

    @Test
    void rowsOfConfigurationsNoLongerSweptNeitherSkipNorCountSamples(@TempDir Path dir) {
        writeSamples(dir, List.of(record(0, "a", null, null), record(1, "b", null, null)));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        SweepJob.run(spark, config(dir, List.of(), 0, List.of(4), null), quiet);
        SweepSummary other = SweepJob.run(spark, config(dir, List.of(), 0, List.of(8), null), quiet);
        assertEquals(2, other.evaluatedNow(), "budget 8 is new for both samples although each has 3 rows already");
        assertEquals(2 * 3, other.rows(), "the summary counts this sweep's configurations only");
        assertTrue(other.reconciled(), other.toString());
        assertEquals(2 * 4, table(dir).size(), "unpruned and text-only once, b=4 and b=8 once per sample");
    }

    @Test
    void killedRunsLeftoversAreRemovedNotMergedAndTheRerunEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(record(i, "s" + i, null, null));
        }
        Path clean = dir.resolve("clean");
        writeSamples(clean, rows);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepJob.run(spark, config(clean), new PrintStream(log));

        // Killed between waves: the first run finished 2 samples.
        Path resumed = dir.resolve("resumed");
        writeSamples(resumed, rows);
        SweepSummary part = SweepJob.run(spark, config(resumed, List.of(), 2, List.of(4), null), new PrintStream(log));
        assertEquals(2, part.evaluatedNow());
        // Killed inside a wave: a wave's staging folder and a direct write's _temporary, both holding whole
        // rows for every sample (what Hadoop's committer would have merged before).
        Path someFile;
        try (var files = Files.list(clean.resolve("run/predictions"))) {
            someFile = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Path staging = resumed.resolve("run/predictions.staging-killed");
        Files.createDirectories(staging);
        Files.copy(someFile, staging.resolve("part-00000-killed.snappy.parquet"));
        Path temporary = resumed.resolve("run/predictions/_temporary/0/task_killed");
        Files.createDirectories(temporary);
        Files.copy(someFile, temporary.resolve("part-00001-killed.snappy.parquet"));

        log.reset();
        SweepSummary rest = SweepJob.run(spark, config(resumed), new PrintStream(log));
        assertTrue(log.toString().contains("removed 1 wave staging folder(s) of a killed run"), log.toString());
        assertTrue(log.toString().contains("_temporary that a killed run left (not merged)"), log.toString());
        assertTrue(log.toString().contains("5 samples in scope, 3 to evaluate"), log.toString());
        assertEquals(3, rest.evaluatedNow(), "exactly the samples not finished");
        assertTrue(rest.reconciled(), rest.toString());
        assertEquals(contents(clean), contents(resumed), "the resumed table equals the uninterrupted one");
        assertFalse(Files.exists(resumed.resolve("run/predictions/_temporary")));
        try (var left = Files.list(resumed.resolve("run"))) {
            // Beside the table only the scoring choices its predictions were scored with (RunScoring).
            assertEquals(List.of("predictions", "scoring.json"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging folder left after a finished run");
        }
    }

    @Test
    void aKilledPrepareIsNeverTakenForATable(@TempDir Path dir) throws Exception {
        SyntheticSpec synthetic = new SyntheticSpec(3, 0, 9, 64);
        // An older direct write killed midway: _temporary and no _SUCCESS under the samples name.
        Files.createDirectories(dir.resolve("samples/_temporary/0"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> SweepJob.validate(config(dir, List.of(), 0, List.of(4), synthetic)));
        assertTrue(e.getMessage().contains("is a half-written table"), e.getMessage());

        // A staged prepare killed midway leaves only a staging sibling: no table, and the next prepare removes it.
        Path other = dir.resolve("other");
        Files.createDirectories(other.resolve("samples.staging-killed/_temporary/0"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepConfig c = config(other, List.of(), 0, List.of(4), synthetic);
        SweepJob.validate(c);
        SweepJob.prepareIfMissing(spark, c, new PrintStream(log));
        assertTrue(log.toString().contains("removed 1 staging folder(s) a killed prepare left"), log.toString());
        assertFalse(Files.exists(other.resolve("samples.staging-killed")));
        assertEquals(3, SamplesTable.read(spark, c.samples()).count());
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(other)) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertEquals(Set.of("samples"), names, "only the published table");
        assertTrue(Files.exists(other.resolve("samples/_SUCCESS")));
    }
}
