package io.iwpspark.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.prepare.LmmsLabAddedFolders;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.jobs.schema.Tradeoffs;
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
 * MMMU (validation), SEED-Bench (image) and OCRBench through the command line: folders in the hub's
 * layout ({@link LmmsLabAddedFolders}), found as lmms-lab from the files, listed, prepared (every
 * record one row, ok + error as written) and swept and aggregated with the tiny model.
 */
class LmmsLabAddedPrepareTest {
    private static final String HEADERS = " (from file headers; iwp prepare reads them into ok + error rows)";
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("LmmsLabAddedPrepareTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Map<String, List<Long>> counts(Path table, String benchmark, String error) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Row r : spark.read().parquet(table.toString()).groupBy(benchmark)
                .agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                        org.apache.spark.sql.functions.count(error)).collectAsList()) {
            out.put(r.getString(0), List.of(r.getLong(1), r.getLong(2)));
        }
        return out;
    }

    @Test
    void mmmuSeedBenchAndOcrBenchPreparedFromTheHubLayoutAndSwept(@TempDir Path dir) throws Exception {
        LmmsLabAddedFolders.mmmu(spark, dir.resolve("MMMU"));
        LmmsLabAddedFolders.seedBench(spark, dir.resolve("SEED-Bench"));
        LmmsLabAddedFolders.ocrBench(spark, dir.resolve("OCRBench"));
        Path config = CliRun.yaml(dir, "  - {benchmark: mmmu, path: " + dir.resolve("MMMU") + "}\n"
                + "  - {benchmark: seedbench, path: " + dir.resolve("SEED-Bench") + "}\n"
                + "  - {benchmark: ocrbench, path: " + dir.resolve("OCRBench") + "}\n", "");

        CliRun.Result list = CliRun.iwp(spark, "prepare", "--list", "--config", config.toString());
        assertEquals(0, list.code(), list.err());
        String found = ", format lmms-lab (found from the files): ";
        assertTrue(list.out().contains("sources[0] mmmu: " + dir.resolve("MMMU") + found + "4 records" + HEADERS
                + "\n  data/validation-00000-of-00001.parquet: 4 rows\n  split validation\n"), list.out());
        assertTrue(list.out().contains("sources[1] seedbench: " + dir.resolve("SEED-Bench") + found + "5 records" + HEADERS), list.out());
        assertTrue(list.out().contains("  split test (rows of data_type video are left out when read)"), list.out());
        assertTrue(list.out().contains("sources[2] ocrbench: " + dir.resolve("OCRBench") + found + "3 records" + HEADERS), list.out());

        CliRun.Result prep = CliRun.iwp(spark, "prepare", "--config", config.toString());
        assertEquals(0, prep.code(), prep.err());
        assertTrue(prep.out().contains("prepare: mmmu: 4 rows = 2 ok + 2 error"), prep.out());
        assertTrue(prep.out().contains("prepare: seedbench: 4 rows = 3 ok + 1 error"), prep.out());
        assertTrue(prep.out().contains("prepare: ocrbench: 3 rows = 2 ok + 1 error"), prep.out());
        List<String> errors = SamplesTable.read(spark, dir.resolve("samples").toString())
                .filter(col(SampleRows.ERROR).isNotNull()).select(SampleRows.ERROR).collectAsList().stream()
                .map(r -> r.getString(0)).sorted().toList();
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("field image_2: expected an image but it is missing")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("field answer: expected an option letter in [A, B] but found \"C\"")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("but found \"E\"")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("field question_type: expected one of OCRBench's ten types")),
                errors.toString());

        CliRun.Result run = CliRun.iwp(spark, "run", "--config", config.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        // Every sample, ok or error, gets one row per configuration: random@8, unpruned, text-only.
        assertEquals(Map.of("mmmu", List.of(12L, 6L), "seedbench", List.of(12L, 3L), "ocrbench", List.of(9L, 3L)),
                counts(dir.resolve("run/predictions"), Predictions.BENCHMARK, Predictions.ERROR));
        BenchmarkRegistry registry = BenchmarkRegistry.load();
        List<Row> tradeoffs = spark.read().parquet(dir.resolve("run/tradeoffs").toString()).collectAsList();
        assertEquals(9, tradeoffs.size(), "3 benchmarks x 3 configurations");
        for (Row t : tradeoffs) {
            String b = t.getAs(Tradeoffs.BENCHMARK);
            assertEquals(registry.get(b).scorer().primaryMetric(), t.getAs(Tradeoffs.METRIC_NAME), b);
            assertTrue(t.getAs(Tradeoffs.METRIC) != null, b + " has a metric over its ok samples");
        }
    }
}
