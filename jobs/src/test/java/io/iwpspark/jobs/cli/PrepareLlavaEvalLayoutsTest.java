package io.iwpspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.schema.Predictions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LLaVA's eval folders whose answers live apart (GQA, TextVQA, MME's release folder) through the
 * command line: the datasets module's fixtures in the published layouts (some records bad) copied
 * to a working folder, found from the files, listed, prepared, and swept with the tiny model.
 */
class PrepareLlavaEvalLayoutsTest {
    static final Path FIXTURES = Path.of("../datasets/src/test/resources/llava-eval").toAbsolutePath().normalize();
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("PrepareLlavaEvalLayoutsTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static PrepareSourcesTest.Result iwp(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, spark, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new PrepareSourcesTest.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    /** benchmark -> {rows, errors} of a table. */
    private static Map<String, List<Long>> counts(org.apache.spark.sql.Dataset<Row> d, String benchmark, String error) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Row r : d.groupBy(benchmark).agg(functions.count(functions.lit(1)), functions.count(error)).collectAsList()) {
            out.put(r.getString(0), List.of(r.getLong(1), r.getLong(2)));
        }
        return out;
    }

    @Test
    void gqaTextVqaAndMmeFoldersFoundFromTheFilesListedPreparedAndSwept(@TempDir Path dir) throws Exception {
        copy(FIXTURES, dir.resolve("eval"));
        Path eval = dir.resolve("eval");
        Path config = PrepareSourcesTest.yaml(dir, "  - {benchmark: gqa, path: " + eval.resolve("gqa") + "}\n"
                + "  - {benchmark: textvqa, path: " + eval.resolve("textvqa/llava_textvqa_val_v051_ocr.jsonl") + "}\n"
                + "  - {benchmark: mme, path: " + eval.resolve("MME") + "}\n", "");

        PrepareSourcesTest.Result list = iwp("prepare", "--list", "--config", config.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("sources[0] gqa: " + eval.resolve("gqa")
                + ", format llava-gqa (found from the files): 7 records (from file headers; iwp prepare reads them into ok + error rows)"), list.out());
        assertTrue(list.out().contains("format llava-textvqa (found from the files): 8 records (from file headers; iwp prepare reads them into ok + error rows)"), list.out());
        assertTrue(list.out().contains("sources[2] mme: " + eval.resolve("MME")
                + ", format mme-folder (found from the files): 8 records (from file headers; iwp prepare reads them into ok + error rows)"), list.out());
        assertTrue(list.out().contains("  llava_gqa_testdev_balanced.jsonl: 7 lines"), list.out());
        assertFalse(Files.exists(dir.resolve("samples")), "--list writes nothing");

        PrepareSourcesTest.Result run = iwp("run", "--config", config.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("prepare: mme: 8 rows = 4 ok + 4 error"), run.out());
        org.apache.spark.sql.Dataset<Row> samples = SamplesTable.read(spark, dir.resolve("samples").toString());
        assertEquals(Map.of("gqa", List.of(7L, 5L), "textvqa", List.of(8L, 3L), "mme", List.of(8L, 4L)),
                counts(samples, SampleRows.BENCHMARK, SampleRows.ERROR));
        assertEquals(23, samples.select(SampleRows.ID).distinct().count(), "sample ids are unique");
        org.apache.spark.sql.Dataset<Row> predictions = spark.read().parquet(dir.resolve("run/predictions").toString());
        // Every sample, ok or error, gets one row per configuration: random@8, unpruned, text-only.
        assertEquals(Map.of("gqa", List.of(21L, 15L), "textvqa", List.of(24L, 9L), "mme", List.of(24L, 12L)),
                counts(predictions, Predictions.BENCHMARK, Predictions.ERROR));
        assertTrue(Files.isDirectory(dir.resolve("run/tradeoffs")), "run aggregates after preparing");
    }

    @Test
    void aNamedLayoutWhoseFilesAreMissingIsRefusedNamingWhatWasLookedFor(@TempDir Path dir) throws Exception {
        copy(FIXTURES.resolve("gqa"), dir.resolve("gqa"));
        Files.delete(dir.resolve("gqa/data/testdev_balanced_questions.json"));
        Path config = PrepareSourcesTest.yaml(dir, "  - {benchmark: gqa, path: " + dir.resolve("gqa") + ", format: llava-gqa}\n", "");
        PrepareSourcesTest.Result r = iwp("prepare", "--config", config.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("sources[0].path: format llava-gqa expected testdev_balanced_questions.json in "
                + dir.resolve("gqa") + " or " + dir.resolve("gqa/data") + " but found none"), r.err());

        Files.createDirectories(dir.resolve("other"));
        Files.writeString(dir.resolve("other/readme.txt"), "nothing here");
        config = PrepareSourcesTest.yaml(dir, "  - {benchmark: gqa, path: " + dir.resolve("other") + "}\n", "");
        r = iwp("prepare", "--config", config.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("llava_gqa_testdev_balanced.jsonl with testdev_balanced_questions.json (llava-gqa)"), r.err());
        assertTrue(r.err().contains("MME subtask folders such as OCR/ or artwork/questions_answers_YN/ (mme-folder)"), r.err());

        copy(FIXTURES.resolve("MME"), dir.resolve("MME"));
        config = PrepareSourcesTest.yaml(dir, "  - {benchmark: pope, path: " + dir.resolve("MME") + "}\n", "");
        r = iwp("prepare", "--config", config.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("sources[0].benchmark: format mme-folder writes benchmark mme, found \"pope\""), r.err());
        assertFalse(Files.exists(dir.resolve("samples")));
    }
}
