package io.iwpspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.prepare.BenchmarkFolders;
import io.iwpspark.jobs.schema.Predictions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloaded benchmarks through the command line: folders written in each published layout, a sweep
 * YAML with {@code sources:}, {@code iwp prepare} (and {@code --list}), then a sweep of the tiny
 * model on the prepared table. Every record of the inputs is one row: ok + error = records written.
 */
class PrepareSourcesTest {
    static final Path MODEL = Path.of("../models/tiny-llava-shapes").toAbsolutePath().normalize();
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("PrepareSourcesTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    record Result(int code, String out, String err) {}

    static Result iwp(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, spark, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path yaml(Path dir, String sources, String extra) throws Exception {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, "model: " + MODEL + "\ndevice: cpu\nsamples: " + dir.resolve("samples") + "\noutput: "
                + dir.resolve("run") + "\nmethods: [random]\nbudgets: [8]\nmax_new_tokens: 2\npool_stride: 2\n"
                + "bootstrap: 10\npartitions: 2\nwave_size: 100\n" + "sources:\n" + sources + extra);
        return f;
    }

    /** benchmark -> {rows, errors} of the written samples table. */
    static Map<String, List<Long>> table(Path dir) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Row r : SamplesTable.read(spark, dir.resolve("samples").toString()).groupBy(SampleRows.BENCHMARK)
                .agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                        org.apache.spark.sql.functions.count(SampleRows.ERROR)).collectAsList()) {
            out.put(r.getString(0), List.of(r.getLong(1), r.getLong(2)));
        }
        return out;
    }

    /** benchmark -> prediction rows of the sweep, one per sample and configuration (random, unpruned, text-only). */
    static Map<String, Long> predictions(Path dir) {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : spark.read().parquet(dir.resolve("run/predictions").toString()).groupBy(Predictions.BENCHMARK)
                .count().collectAsList()) {
            out.put(r.getString(0), r.getLong(1));
        }
        return out;
    }

    @Test
    void imageLayoutsFoundFromTheFilesPreparedAndSwept(@TempDir Path dir) throws Exception {
        BenchmarkFolders.lmmsLabPope(spark, dir.resolve("POPE"));
        BenchmarkFolders.vlmEvalKitMmbench(dir.resolve("vlmevalkit"));
        BenchmarkFolders.lmmsLabGqa(spark, dir.resolve("GQA"));
        Path config = yaml(dir, "  - {benchmark: pope, path: " + dir.resolve("POPE") + "}\n"
                + "  - {benchmark: mmbench_en, path: " + dir.resolve("vlmevalkit") + "}\n"
                + "  - {benchmark: gqa, path: " + dir.resolve("GQA") + "}\n", "");

        Result list = iwp("prepare", "--list", "--config", config.toString());
        assertEquals(0, list.code(), list.err());
        // Listed from the files' headers (PrepareListingTest): records, not yet ok + error.
        assertTrue(list.out().contains("sources[0] pope: " + dir.resolve("POPE")
                + ", format lmms-lab (found from the files): 10 records (from file headers; iwp prepare reads them into ok + error rows)"), list.out());
        assertTrue(list.out().contains("  data/test-00001-of-00002.parquet: 5 rows"), list.out());
        assertTrue(list.out().contains("format vlmevalkit-tsv (found from the files): 3 records (from file headers; iwp prepare reads them into ok + error rows)"), list.out());
        assertFalse(Files.exists(dir.resolve("samples")), "--list writes nothing");

        Result prep = iwp("prepare", "--config", config.toString());
        assertEquals(0, prep.code(), prep.err());
        assertTrue(prep.out().contains("prepare: pope: 10 rows = 8 ok + 2 error"), prep.out());
        assertTrue(prep.out().contains("prepare: gqa: 3 rows = 2 ok + 1 error"), prep.out());
        assertTrue(list.out().contains("sources[2] gqa: " + dir.resolve("GQA")
                + ", format lmms-lab (found from the files): 3 records (from file headers; iwp prepare reads them into ok + error rows)"), list.out());
        assertEquals(Map.of("pope", List.of(10L, 2L), "mmbench_en", List.of(3L, 1L), "gqa", List.of(3L, 1L)), table(dir));

        Result sweep = iwp("sweep", "--config", config.toString());
        assertEquals(0, sweep.code(), sweep.out() + sweep.err());
        // Every sample, ok or error, gets one row per configuration: random@8, unpruned, text-only.
        assertEquals(Map.of("pope", 30L, "mmbench_en", 9L, "gqa", 9L), predictions(dir));
    }

    @Test
    void llavaQuestionFilesWithTheirImageFolderBesideTheSyntheticBenchmark(@TempDir Path dir) throws Exception {
        BenchmarkFolders.llavaPope(dir.resolve("llava-pope"));
        Path config = yaml(dir, "  - {benchmark: pope, path: " + dir.resolve("llava-pope") + "}\n",
                "synthetic: {vqa: 3, image_size: 64}\n");
        Result run = iwp("run", "--config", config.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("(llava-jsonl)"), run.out());
        assertEquals(Map.of("pope", List.of(4L, 2L), "shapes_vqa", List.of(3L, 0L)), table(dir));
        List<Row> rows = SamplesTable.read(spark, dir.resolve("samples").toString())
                .filter(org.apache.spark.sql.functions.col(SampleRows.BENCHMARK).equalTo("pope")).collectAsList();
        assertTrue(rows.stream().allMatch(r -> r.isNullAt(r.fieldIndex(SampleRows.ERROR))
                || r.getString(r.fieldIndex(SampleRows.ERROR)).startsWith("coco_pope_random.json line ")), rows.toString());
        assertTrue(rows.stream().filter(r -> r.isNullAt(r.fieldIndex(SampleRows.ERROR)))
                .allMatch(r -> "random".equals(r.getString(r.fieldIndex(SampleRows.CATEGORY)))), "category from the file name");
        // Lines spread over the executors give the rows the reader gives on one machine, media included.
        List<io.iwpspark.datasets.schema.Sample> local = new io.iwpspark.datasets.readers.LlavaJsonlReader("pope", "test",
                io.iwpspark.datasets.schema.AnswerType.YES_NO).read(dir.resolve("llava-pope/coco_pope_random.json"),
                dir.resolve("llava-pope/images"), "random");
        Map<String, io.iwpspark.datasets.schema.Sample> spread = new TreeMap<>();
        rows.forEach(r -> spread.put(r.getString(r.fieldIndex(SampleRows.ID)), SampleRows.fromRow(r)));
        assertEquals(local.stream().map(io.iwpspark.datasets.schema.Sample::id).sorted().toList(), List.copyOf(spread.keySet()));
        for (var l : local) {
            var d = spread.get(l.id());
            assertEquals(l.error(), d.error(), l.id());
            assertEquals(l.question(), d.question(), l.id());
            assertEquals(l.answers(), d.answers(), l.id());
            assertEquals(l.media().size(), d.media().size(), l.id());
            for (int i = 0; i < l.media().size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(l.media().get(i), d.media().get(i), l.id());
            }
        }
        assertEquals(Map.of("pope", 12L, "shapes_vqa", 9L), predictions(dir));
        assertTrue(Files.isDirectory(dir.resolve("run/tradeoffs")), "run aggregates after preparing");
    }

    @Test
    void videoLayoutsWithRealVideoFilesPreparedAndSwept(@TempDir Path dir) throws Exception {
        BenchmarkFolders.mvBench(dir.resolve("MVBench"));
        BenchmarkFolders.videoMme(spark, dir.resolve("Video-MME"));
        BenchmarkFolders.egoSchema(spark, dir.resolve("egoschema"));
        Path config = yaml(dir, "  - {benchmark: mvbench, path: " + dir.resolve("MVBench") + "}\n"
                + "  - {benchmark: videomme, path: " + dir.resolve("Video-MME") + ", format: videomme}\n"
                + "  - {benchmark: egoschema, path: " + dir.resolve("egoschema") + "}\n",
                "video_frames: 8\nvideo_sampling: uniform\n");
        Result list = iwp("prepare", "--list", "--config", config.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("format mvbench (found from the files): 4 records (from file headers; iwp prepare reads them into ok + error rows)"), list.out());
        assertTrue(list.out().contains("  task action_antonym: 2 questions"), list.out());
        assertTrue(list.out().contains("  video files under " + dir.resolve("MVBench/video") + ": 2"), list.out());
        assertTrue(list.out().contains("format videomme: 3 records (from file headers; iwp prepare reads them into ok + error rows)"), list.out());
        assertTrue(list.out().contains("format egoschema (found from the files): 3 records (from file headers; iwp prepare reads them into ok + error rows)"), list.out());

        Result prep = iwp("prepare", "--config", config.toString());
        assertEquals(0, prep.code(), prep.err());
        assertEquals(Map.of("mvbench", List.of(4L, 1L), "videomme", List.of(3L, 1L), "egoschema", List.of(3L, 1L)),
                table(dir));
        for (Row r : SamplesTable.read(spark, dir.resolve("samples").toString()).collectAsList()) {
            if (r.isNullAt(r.fieldIndex(SampleRows.ERROR))) {
                assertEquals(8, r.getList(r.fieldIndex(SampleRows.MEDIA)).size(), "video_frames: 8 decoded frames");
            }
        }
        Result sweep = iwp("sweep", "--config", config.toString());
        assertEquals(0, sweep.code(), sweep.out() + sweep.err());
        assertEquals(Map.of("mvbench", 12L, "videomme", 9L, "egoschema", 9L), predictions(dir));
        long errors = spark.read().parquet(dir.resolve("run/predictions").toString())
                .filter(org.apache.spark.sql.functions.col(Predictions.ERROR).isNull()).count();
        assertEquals(3 * 7, errors, "ok samples (3 + 2 + 2) x 3 configurations have no error");
    }

    @Test
    void aFolderOfNoKnownLayoutIsRefusedNamingThePathAndWhatWasLookedFor(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("empty/readme.txt"), "nothing here");
        Path config = yaml(dir, "  - {benchmark: pope, path: " + dir.resolve("empty") + "}\n", "");
        Result r = iwp("prepare", "--config", config.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("sources[0].path: cannot tell the format of " + dir.resolve("empty")
                + ": looked for json/<task>.json (mvbench)"), r.err());
        assertFalse(Files.exists(dir.resolve("samples")));
    }
}
