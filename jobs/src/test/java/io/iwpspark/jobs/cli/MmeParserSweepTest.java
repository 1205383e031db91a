package io.iwpspark.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.scorers.YesNo;
import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.prepare.LmmsLabAddedFolders;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.jobs.schema.Tradeoffs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scoring.mme.parser end to end: an lmms-lab MME folder prepared once, then swept and aggregated with
 * each parser into its own run folder. The executors score with the chosen parser (each prediction's
 * parsed reply is that parser's reading of its text), the trade-off table's metric names and the
 * run's scoring.json say which, and a run folder scored one way refuses the other.
 */
class MmeParserSweepTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("MmeParserSweepTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void eachParserScoresTheSweepAndIsNamedWithTheTable(@TempDir Path dir) throws Exception {
        LmmsLabAddedFolders.mme(spark, dir.resolve("MME"));
        Path config = CliRun.yaml(dir, "  - {benchmark: mme, path: " + dir.resolve("MME") + "}\n", "");
        CliRun.Result prep = CliRun.iwp(spark, "prepare", "--config", config.toString());
        assertEquals(0, prep.code(), prep.err());
        assertTrue(prep.out().contains("prepare: mme: 6 rows = 5 ok + 1 error"), prep.out());

        check(dir, config, "official", "perception", YesNo::mmeOfficial);
        check(dir, config, "lmms_eval", "lmms_eval_parser/perception", YesNo::mmeLmmsEval);

        // The official run's predictions were scored with calculation.py: the other parser is refused there.
        CliRun.Result mixed = CliRun.iwp(spark, "sweep", "--config", config.toString(), "--set",
                "output=" + dir.resolve("run-official"), "--set", "scoring.mme.parser=lmms_eval");
        assertEquals(2, mixed.code(), mixed.out() + mixed.err());
        assertTrue(mixed.err().contains("scoring.mme.parser: the predictions in " + dir.resolve("run-official")
                + " were scored with official (recorded in " + dir.resolve("run-official/scoring.json") + "), found lmms_eval"),
                mixed.err());
        // Predictions of a run from before the record existed were scored with the default.
        Files.delete(dir.resolve("run-official/scoring.json"));
        CliRun.Result old = CliRun.iwp(spark, "sweep", "--config", config.toString(), "--set",
                "output=" + dir.resolve("run-official"), "--set", "scoring.mme.parser=lmms_eval");
        assertEquals(2, old.code(), old.out() + old.err());
        assertTrue(old.err().contains("were scored with official (written before scoring.json existed, so with the default)"),
                old.err());
        CliRun.Result aggregate = CliRun.iwp(spark, "aggregate", "--config", config.toString(), "--set",
                "output=" + dir.resolve("run-lmms_eval"));
        assertEquals(2, aggregate.code(), "aggregating lmms-eval-scored predictions as official is refused");
        assertTrue(aggregate.err().contains("were scored with lmms_eval"), aggregate.err());
    }

    private static void check(Path dir, Path config, String parser, String metric, UnaryOperator<String> read)
            throws Exception {
        Path run = dir.resolve("run-" + parser);
        CliRun.Result r = CliRun.iwp(spark, "run", "--config", config.toString(), "--set", "output=" + run, "--set",
                "scoring.mme.parser=" + parser);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("scoring {scoring.mme.parser=" + parser + "}"), r.out());
        List<Row> rows = spark.read().parquet(run.resolve("predictions").toString()).filter(col(Predictions.ERROR).isNull())
                .collectAsList();
        assertEquals(5 * 3, rows.size(), "5 ok samples x (random@8, unpruned, text-only)");
        for (Row p : rows) {
            String text = p.getAs(Predictions.PREDICTION);
            assertEquals(read.apply(text), p.getAs(Predictions.PARSED), parser + " reading of \"" + text + "\"");
        }
        Set<String> names = spark.read().parquet(run.resolve("tradeoffs").toString()).collectAsList().stream()
                .map(t -> (String) t.getAs(Tradeoffs.METRIC_NAME)).collect(Collectors.toSet());
        assertEquals(Set.of(metric), names);
        String recorded = Files.readString(run.resolve("scoring.json"));
        assertTrue(recorded.contains("\"scoring.mme.parser\" : \"" + parser + "\""), recorded);
        assertEquals(recorded, Files.readString(run.resolve("tradeoffs/_scoring.json")));
        assertFalse(spark.read().parquet(run.resolve("tradeoffs").toString()).isEmpty());
    }
}
