package io.iwpspark.jobs.aggregate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

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
import org.apache.spark.sql.types.StructField;

/**
 * Predictions table -> trade-off table: per benchmark and configuration the metric with a 95%
 * bootstrap interval, retention and agreement against the unpruned run, FLOPs (absolute and relative
 * to unpruned), latency mean / p50 / p95, tokens kept, dual-weight errors and a Pareto flag (metric
 * against relative FLOPs, per benchmark). Error rows count in {@code errors}, never in the metric.
 */
public final class AggregateJob {
    private final int resamples;
    private final long seed;

    public AggregateJob(int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("bootstrap resamples must be >= 1, found " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /** Fails before any data moves when a column the aggregation reads is missing or mistyped. */
    public static void requireSchema(Dataset<Row> predictions) {
        Map<String, StructField> found = new HashMap<>();
        for (StructField f : predictions.schema().fields()) {
            found.put(f.name(), f);
        }
        for (StructField expected : Predictions.SCHEMA.fields()) {
            StructField f = found.get(expected.name());
            if (f == null) {
                throw new IllegalArgumentException("predictions table lacks column " + expected.name()
                        + " (" + expected.dataType().simpleString() + ")");
            }
            if (!f.dataType().sameType(expected.dataType())) {
                throw new IllegalArgumentException("predictions column " + expected.name() + " must be "
                        + expected.dataType().simpleString() + ", found " + f.dataType().simpleString());
            }
        }
    }

    public Dataset<Row> tradeoffs(SparkSession spark, Dataset<Row> predictions) {
        requireSchema(predictions);
        Dataset<Row> withLatency = predictions.withColumn("latency_ms",
                col(Predictions.PREFILL_MS).plus(col(Predictions.DECODE_MS)));
        var ok = col(Predictions.ERROR).isNull();
        List<Row> groups = withLatency
                .groupBy(col(Predictions.BENCHMARK), col(Predictions.CONFIG_ID))
                .agg(first(Predictions.METHOD).as("method"),
                        first(Predictions.BUDGET).as("budget"),
                        first(Predictions.PARAMS).as("params"),
                        count(lit(1)).as("samples"),
                        sum(when(ok, 0).otherwise(1)).as("errors"),
                        collect_list(when(ok, col(Predictions.SCORE))).as("scores"),
                        avg(when(ok, col(Predictions.AGREES).cast("double"))).as("agreement"),
                        avg(when(ok, col(Predictions.PREFILL_FLOPS))).as("flops"),
                        avg(when(ok, col(Predictions.PREFILL_MACS_FASTV))).as("macs"),
                        avg(when(ok, col("latency_ms"))).as("lat_mean"),
                        expr("percentile(CASE WHEN error IS NULL THEN latency_ms END, array(0.5, 0.95))").as("lat_q"),
                        avg(when(ok, col(Predictions.MEAN_VISUAL_TOKENS))).as("tokens"),
                        avg(when(ok, col(Predictions.DUAL_ERROR_EXP))).as("dwe_exp"),
                        avg(when(ok, col(Predictions.DUAL_ERROR_LINEAR))).as("dwe_lin"))
                .orderBy(Predictions.BENCHMARK, Predictions.CONFIG_ID)
                .collectAsList();
        return spark.createDataFrame(summarise(groups), Tradeoffs.SCHEMA);
    }

    /** Driver side: the handful of groups per benchmark become trade-off rows. */
    private List<Row> summarise(List<Row> groups) {
        Map<String, Row> unpruned = new HashMap<>();
        for (Row g : groups) {
            if (Predictions.UNPRUNED.equals(g.getAs("method"))) {
                unpruned.put(g.getAs(Predictions.BENCHMARK), g);
            }
        }
        List<Object[]> rows = new ArrayList<>();
        for (Row g : groups) {
            String benchmark = g.getAs(Predictions.BENCHMARK);
            double[] scores = doubles(g.getList(g.fieldIndex("scores")));
            double metric = mean(scores);
            double[] ci = Bootstrap.meanInterval95(scores, resamples, seed ^ (benchmark + g.getAs(Predictions.CONFIG_ID)).hashCode());
            Row base = unpruned.get(benchmark);
            double baseMetric = base == null ? Double.NaN : mean(doubles(base.getList(base.fieldIndex("scores"))));
            double flops = nullable(g.getAs("flops"));
            double baseFlops = base == null ? Double.NaN : nullable(base.getAs("flops"));
            List<Double> q = g.getList(g.fieldIndex("lat_q"));
            rows.add(new Object[] {benchmark, g.getAs(Predictions.CONFIG_ID), g.getAs("method"), g.getAs("budget"),
                    g.getAs("params"), g.getAs("samples"), g.getAs("errors"), nan(metric), "accuracy",
                    nan(ci[0]), nan(ci[1]), nan(metric / baseMetric), g.getAs("agreement"), g.getAs("flops"),
                    nan(flops / baseFlops), g.getAs("macs"), g.getAs("lat_mean"),
                    q == null || q.get(0) == null ? null : q.get(0), q == null || q.get(1) == null ? null : q.get(1),
                    g.getAs("tokens"), g.getAs("dwe_exp"), g.getAs("dwe_lin"), false});
        }
        markPareto(rows);
        List<Row> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(RowFactory.create(r));
        }
        return out;
    }

    /** Per benchmark: metric (index 7) against relative FLOPs (index 14). */
    private static void markPareto(List<Object[]> rows) {
        Map<Object, List<Object[]>> byBenchmark = new HashMap<>();
        for (Object[] r : rows) {
            byBenchmark.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
        }
        for (List<Object[]> bench : byBenchmark.values()) {
            double[] metric = new double[bench.size()];
            double[] cost = new double[bench.size()];
            for (int i = 0; i < bench.size(); i++) {
                metric[i] = bench.get(i)[7] == null ? Double.NaN : (Double) bench.get(i)[7];
                cost[i] = bench.get(i)[14] == null ? Double.NaN : (Double) bench.get(i)[14];
            }
            boolean[] front = Pareto.front(metric, cost);
            for (int i = 0; i < bench.size(); i++) {
                bench.get(i)[22] = front[i];
            }
        }
    }

    private static double[] doubles(List<Object> values) {
        return values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return values.length == 0 ? Double.NaN : s / values.length;
    }

    private static double nullable(Object v) {
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static Double nan(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }
}
