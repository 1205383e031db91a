package io.iwpspark.jobs.plot;

import io.iwpspark.jobs.schema.ConfigId;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.jobs.schema.Tradeoffs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.knowm.xchart.XYChart;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Trade-off table -> figures, PNG and SVG: per benchmark the metric against relative FLOPs and
 * against visual tokens kept (one line per method and parameter setting, the unpruned model as a
 * reference line), and a summary of retention against relative FLOPs over all benchmarks.
 */
public final class PlotJob {
    private PlotJob() {}

    /** One point of a curve. */
    record Point(double x, double y) {}

    /** Writes the figures for {@code tradeoffs} rows into {@code outDir}; returns the files written. */
    public static List<Path> plot(List<Row> tradeoffs, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, XYChart> e : charts(tradeoffs).entrySet()) {
            written.addAll(TradeoffChart.write(e.getValue(), outDir.resolve(e.getKey())));
        }
        return written;
    }

    /** The figures by file name (without extension). */
    public static Map<String, XYChart> charts(List<Row> tradeoffs) {
        Map<String, XYChart> charts = new TreeMap<>();
        Map<String, List<Row>> byBenchmark = new TreeMap<>();
        for (Row r : tradeoffs) {
            byBenchmark.computeIfAbsent(r.getAs(Tradeoffs.BENCHMARK), k -> new ArrayList<>()).add(r);
        }
        Map<String, List<Point>> summary = new TreeMap<>();
        for (Map.Entry<String, List<Row>> e : byBenchmark.entrySet()) {
            String bench = e.getKey();
            Double unpruned = null;
            for (Row r : e.getValue()) {
                if (Predictions.UNPRUNED.equals(r.getAs(Tradeoffs.METHOD))) {
                    unpruned = r.getAs(Tradeoffs.METRIC);
                }
            }
            String metricName = e.getValue().get(0).getAs(Tradeoffs.METRIC_NAME);
            charts.put(bench + "_metric_vs_flops", TradeoffChart.build(
                    bench + ": " + metricName + " against prefill compute", "prefill FLOPs relative to unpruned (%)",
                    metricName, series(e.getValue(), Tradeoffs.RELATIVE_FLOPS, Tradeoffs.METRIC, 100, 1, summary), unpruned));
            charts.put(bench + "_metric_vs_tokens", TradeoffChart.build(
                    bench + ": " + metricName + " against visual tokens kept", "visual tokens kept (mean over decoder layers)",
                    metricName, series(e.getValue(), Tradeoffs.MEAN_TOKENS, Tradeoffs.METRIC, 1, 1, null), unpruned));
        }
        charts.put("summary_retention_vs_flops", TradeoffChart.build(
                "All benchmarks: retention of unpruned accuracy", "prefill FLOPs relative to unpruned (%)",
                "retention, mean over benchmarks (%)", averaged(summary), 100.0));
        return charts;
    }

    /**
     * Curves of (x, y) by method and parameters, x and y scaled; also
     * collects (relative FLOPs, retention) per curve and budget into {@code summary} when given.
     */
    private static Map<String, List<Point>> series(List<Row> rows, String xCol, String yCol, double xScale,
            double yScale, Map<String, List<Point>> summary) {
        Map<String, List<Point>> curves = new TreeMap<>();
        for (Row r : rows) {
            String method = r.getAs(Tradeoffs.METHOD);
            Object x = r.getAs(xCol);
            Object y = r.getAs(yCol);
            if (Predictions.UNPRUNED.equals(method) || x == null || y == null) {
                continue;
            }
            Map<String, String> params = r.isNullAt(r.fieldIndex(Tradeoffs.PARAMS)) ? Map.of()
                    : CollectionConverters.asJava(r.<scala.collection.Map<String, String>>getAs(Tradeoffs.PARAMS));
            String label = ConfigId.seriesLabel(method, params);
            curves.computeIfAbsent(label, k -> new ArrayList<>())
                    .add(new Point(((Number) x).doubleValue() * xScale, ((Number) y).doubleValue() * yScale));
            Object retention = r.getAs(Tradeoffs.RETENTION);
            Object flops = r.getAs(Tradeoffs.RELATIVE_FLOPS);
            if (summary != null && retention != null && flops != null) {
                summary.computeIfAbsent(label + "\u0000" + r.getAs(Tradeoffs.BUDGET), k -> new ArrayList<>())
                        .add(new Point(((Number) flops).doubleValue() * 100, ((Number) retention).doubleValue() * 100));
            }
        }
        return curves;
    }

    /** Mean point per curve and budget, regrouped by curve. */
    private static Map<String, List<Point>> averaged(Map<String, List<Point>> byCurveAndBudget) {
        Map<String, List<Point>> curves = new TreeMap<>();
        byCurveAndBudget.forEach((key, points) -> {
            double x = points.stream().mapToDouble(Point::x).average().orElse(Double.NaN);
            double y = points.stream().mapToDouble(Point::y).average().orElse(Double.NaN);
            curves.computeIfAbsent(key.substring(0, key.indexOf('\u0000')), k -> new ArrayList<>()).add(new Point(x, y));
        });
        return curves;
    }
}
