package io.iwpspark.jobs.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.jobs.schema.Tradeoffs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class AggregateJobTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("AggregateJobTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A prediction row (decode: 20 FLOPs, 10 FastV MACs); score null + error set makes an error row. */
    private static Row row(String sample, String config, String method, Integer budget, Double score,
            Boolean agrees, double flops, double ms, double tokens, String error) {
        return RowFactory.create(sample, "shapes_vqa", "test", "color", config, method, budget,
                CollectionConverters.asScala(Map.of("lambda", "0.5")), error == null ? "red" : null, score, sample,
                error == null ? "red" : null, error == null ? "red" : null, agrees, 16,
                CollectionConverters.asScala(List.of(16, (int) tokens)).toSeq(), tokens, flops, flops / 2, 7.0, 20.0, 10.0, ms, 1.0, 3,
                100L, 0.1, 0.2, ms / 4, error);
    }

    private Dataset<Row> predictions() {
        List<Row> rows = new ArrayList<>();
        double[] unprunedScores = {1, 1, 0};
        double[] textOnlyScores = {1, 0, 0}; // s0 is answered without the image
        for (int s = 0; s < 3; s++) {
            rows.add(row("s" + s, Predictions.UNPRUNED, Predictions.UNPRUNED, null, unprunedScores[s], true, 100, 10 + s, 16, null));
            rows.add(row("s" + s, Predictions.TEXT_ONLY, Predictions.TEXT_ONLY, 0, textOnlyScores[s], s == 0, 5, 2, 0, null));
            rows.add(row("s" + s, "random|b=4", "random", 4, 0.0, s == 2, 25, 4, 4, null));
        }
        rows.add(row("s0", "iwp|b=4", "iwp", 4, 1.0, true, 25, 3, 4, null));
        rows.add(row("s1", "iwp|b=4", "iwp", 4, 0.0, false, 25, 5, 4, null));
        rows.add(row("s2", "iwp|b=4", "iwp", 4, null, null, 0, 0, 0, "image: corrupt PNG in s2"));
        return spark.createDataFrame(rows, Predictions.SCHEMA);
    }

    @Test
    void summarisesEachConfigurationAgainstTheUnprunedRun() {
        Dataset<Row> t = new AggregateJob(500, 7).tradeoffs(spark, predictions());
        assertEquals(Tradeoffs.SCHEMA, t.schema());
        Map<String, Row> byConfig = new HashMap<>();
        for (Row r : t.collectAsList()) {
            byConfig.put(r.getAs(Tradeoffs.CONFIG_ID), r);
        }
        assertEquals(4, byConfig.size());

        Row base = byConfig.get(Predictions.UNPRUNED);
        assertEquals(200.0 / 3, (double) base.getAs(Tradeoffs.METRIC), 1e-9, "the official scorer's accuracy, in percent");
        assertEquals("accuracy", base.getAs(Tradeoffs.METRIC_NAME));
        assertEquals(1.0, (double) base.getAs(Tradeoffs.RETENTION), 1e-12);
        assertEquals(12.0, (double) base.getAs(Tradeoffs.LATENCY_P50), 1e-12, "p50 of 11, 12, 13");
        assertEquals(12.9, (double) base.getAs(Tradeoffs.LATENCY_P95), 1e-9, "p95 of 11, 12, 13 (linear)");

        Row iwp = byConfig.get("iwp|b=4");
        assertEquals(3L, (long) iwp.getAs(Tradeoffs.SAMPLES), "input rows = ok + error");
        assertEquals(1L, (long) iwp.getAs(Tradeoffs.ERRORS));
        assertEquals(50.0, (double) iwp.getAs(Tradeoffs.METRIC), 1e-12, "error rows stay out of the metric");
        assertEquals(0.75, (double) iwp.getAs(Tradeoffs.RETENTION), 1e-12);
        assertEquals(0.5, (double) iwp.getAs(Tradeoffs.AGREEMENT), 1e-12);
        assertEquals(0.25, (double) iwp.getAs(Tradeoffs.RELATIVE_FLOPS), 1e-12);
        assertEquals(20.0, (double) iwp.getAs(Tradeoffs.MEAN_DECODE_FLOPS), 1e-12);
        assertEquals(10.0, (double) iwp.getAs(Tradeoffs.MEAN_DECODE_MACS_FASTV), 1e-12);
        assertEquals((25 + 20) / (100.0 + 20), (double) iwp.getAs(Tradeoffs.RELATIVE_TOTAL_FLOPS), 1e-12,
                "prefill and decode over the unpruned run's");
        assertEquals(5.0, (double) iwp.getAs(Tradeoffs.LATENCY_MEAN), 1e-12);
        assertEquals((3 + 5) / 2.0 / 4, (double) iwp.getAs(Tradeoffs.MEAN_SELECTION_MS), 1e-12);
        double low = iwp.getAs(Tradeoffs.CI_LOW);
        double high = iwp.getAs(Tradeoffs.CI_HIGH);
        assertTrue(low >= 0 && low <= 50 && high >= 50 && high <= 100 && high > low, "interval " + low + ".." + high);

        // The vision-dependent subset: s1 and s2, which the text-only run gets wrong.
        assertEquals(2L, (long) base.getAs(Tradeoffs.VD_SAMPLES));
        assertEquals(50.0, (double) base.getAs(Tradeoffs.VD_METRIC), 1e-12, "unpruned: s1 right, s2 wrong");
        assertEquals(1L, (long) iwp.getAs(Tradeoffs.VD_SAMPLES), "s2 is an error row for iwp");
        assertEquals(0.0, (double) iwp.getAs(Tradeoffs.VD_METRIC), 1e-12);
        assertEquals(0.0, (double) iwp.getAs(Tradeoffs.VD_RETENTION), 1e-12);
        Row blind = byConfig.get(Predictions.TEXT_ONLY);
        assertEquals(100.0 / 3, (double) blind.getAs(Tradeoffs.METRIC), 1e-9);
        assertEquals(0.0, (double) blind.getAs(Tradeoffs.VD_METRIC), 1e-12, "wrong on its own subset by definition");

        assertTrue((boolean) base.getAs(Tradeoffs.PARETO), "best metric is on the front");
        assertTrue((boolean) iwp.getAs(Tradeoffs.PARETO), "cheaper and better than random");
        assertFalse((boolean) byConfig.get("random|b=4").getAs(Tradeoffs.PARETO), "dominated by iwp");
        assertEquals(1.0 / 3, (double) byConfig.get("random|b=4").getAs(Tradeoffs.AGREEMENT), 1e-12);
    }

    @Test
    void figuresAreWrittenAsPngAndSvgWithTitlesAndLegend(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        List<Row> t = new AggregateJob(50, 7).tradeoffs(spark, predictions()).collectAsList();
        List<java.nio.file.Path> files = io.iwpspark.jobs.plot.PlotJob.plot(t, dir);
        assertEquals(6, files.size(), "two per benchmark plus the summary, each PNG + SVG: " + files);
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(dir.resolve("shapes_vqa_metric_vs_flops.png").toFile());
        assertEquals(800, png.getWidth());
        assertEquals(560, png.getHeight());
        String svg = java.nio.file.Files.readString(dir.resolve("shapes_vqa_metric_vs_flops.svg"));
        assertTrue(svg.startsWith("<?xml") && svg.contains("viewBox=\"0 0 800 560\""), "an 800 x 560 SVG document");

        org.knowm.xchart.XYChart chart = io.iwpspark.jobs.plot.PlotJob.charts(t).get("shapes_vqa_metric_vs_flops");
        assertEquals("shapes_vqa: accuracy against prefill compute", chart.getTitle());
        assertEquals("prefill FLOPs relative to unpruned (%)", chart.getXAxisTitle());
        assertEquals(java.util.Set.of("iwp (lambda=0.5)", "random (lambda=0.5)", "text_only (lambda=0.5)", "unpruned"),
                chart.getSeriesMap().keySet(), "the text-only reference is a point of its own");
        org.knowm.xchart.XYSeries iwp = chart.getSeriesMap().get("iwp (lambda=0.5)");
        assertEquals(25.0, iwp.getXData()[0], 1e-9, "relative FLOPs in percent");
        assertEquals(50.0, iwp.getYData()[0], 1e-9, "accuracy in percent");
        assertEquals(200.0 / 3, chart.getSeriesMap().get("unpruned").getYData()[0], 1e-9);
    }

    @Test
    void missingColumnsFailBeforeAnyWork() {
        Dataset<Row> noScore = predictions().drop(Predictions.SCORE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AggregateJob(10, 1).tradeoffs(spark, noScore));
        assertEquals("predictions table lacks column score (double)", e.getMessage());
    }

    @Test
    void bootstrapAndQuantileByHand() {
        assertEquals(2.5, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
        OfficialMetric accuracy = new OfficialMetric(io.iwpspark.datasets.benchmarks.BenchmarkRegistry.load(), "shapes_vqa");
        List<io.iwpspark.datasets.scorers.SampleScore> allRight = List.of(
                new io.iwpspark.datasets.scorers.SampleScore("a", "color", "a", "red", "red", 1),
                new io.iwpspark.datasets.scorers.SampleScore("b", "count", "b", "3", "3", 1));
        double[] ci = accuracy.interval95(allRight, 100, 3);
        assertEquals(100.0, ci[0], "every resample is all right");
        assertEquals(100.0, ci[1]);
        assertEquals("mean_score", new OfficialMetric(io.iwpspark.datasets.benchmarks.BenchmarkRegistry.load(), "nope").name());
        boolean[] front = Pareto.front(new double[] {0.9, 0.8, 0.7, 0.9}, new double[] {1.0, 0.5, 0.6, 1.0});
        assertTrue(front[0] && front[1] && front[3], "ties stay on the front together");
        assertFalse(front[2], "worse and dearer than point 1");
    }
}
