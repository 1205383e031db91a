package io.iwpspark.jobs.aggregate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.scorers.SampleScore;
import io.iwpspark.jobs.schema.NamedRow;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.jobs.schema.Tradeoffs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Predictions table -> trade-off table: per benchmark and configuration the metric with a 95%
 * bootstrap interval, retention and agreement against the unpruned run, FLOPs (absolute and relative
 * to unpruned), latency mean / p50 / p95, tokens kept, dual-weight errors and a Pareto flag (metric
 * against relative FLOPs, per benchmark). Error rows count in {@code errors}, never in the metric.
 * Metric and retention are also reported on the vision-dependent subset: the samples the text-only
 * reference gets wrong ({@link VisionDependent}).
 */
public final class AggregateJob {
    private final int resamples;
    private final long seed;
    private final BenchmarkRegistry benchmarks;

    public AggregateJob(int resamples, long seed) {
        this(resamples, seed, io.iwpspark.jobs.config.ScoringSettings.DEFAULT);
    }

    /** Metrics named by the scorers the sweep's {@code scoring} chose (MME's lmms-eval parser prefixes its metric). */
    public AggregateJob(int resamples, long seed, io.iwpspark.jobs.config.ScoringSettings scoring) {
        if (resamples < 1) {
            throw new IllegalArgumentException("bootstrap resamples must be >= 1, found " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
        this.benchmarks = scoring.apply(BenchmarkRegistry.load());
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
                        collect_list(when(ok, struct(col(Predictions.SAMPLE_ID), col(Predictions.CATEGORY),
                                col(Predictions.SCORE_GROUP), col(Predictions.PARSED), col(Predictions.EXPECTED),
                                col(Predictions.SCORE)))).as("scores"),
                        avg(when(ok, col(Predictions.AGREES).cast("double"))).as("agreement"),
                        avg(when(ok, col(Predictions.PREFILL_FLOPS))).as("flops"),
                        avg(when(ok, col(Predictions.PREFILL_MACS_FASTV))).as("macs"),
                        avg(when(ok, col(Predictions.DECODE_FLOPS))).as("decode_flops"),
                        avg(when(ok, col(Predictions.DECODE_MACS_FASTV))).as("decode_macs"),
                        avg(when(ok, col(Predictions.PREFILL_FLOPS).plus(col(Predictions.DECODE_FLOPS))))
                                .as("total_flops"),
                        avg(when(ok, col("latency_ms"))).as("lat_mean"),
                        expr("percentile(CASE WHEN error IS NULL THEN latency_ms END, array(0.5, 0.95))").as("lat_q"),
                        avg(when(ok, col(Predictions.MEAN_VISUAL_TOKENS))).as("tokens"),
                        avg(when(ok, col(Predictions.DUAL_ERROR_EXP))).as("dwe_exp"),
                        avg(when(ok, col(Predictions.DUAL_ERROR_LINEAR))).as("dwe_lin"),
                        avg(when(ok, col(Predictions.SELECTION_MS))).as("selection_ms"))
                .orderBy(Predictions.BENCHMARK, Predictions.CONFIG_ID)
                .collectAsList();
        return spark.createDataFrame(summarise(groups), Tradeoffs.SCHEMA);
    }

    /** Driver side: the handful of groups per benchmark become trade-off rows. */
    private List<Row> summarise(List<Row> groups) {
        Map<String, Row> unpruned = new HashMap<>();
        Map<String, Set<String>> visionDependent = new HashMap<>();
        for (Row g : groups) {
            if (Predictions.UNPRUNED.equals(g.getAs("method"))) {
                unpruned.put(g.getAs(Predictions.BENCHMARK), g);
            } else if (Predictions.TEXT_ONLY.equals(g.getAs("method"))) {
                visionDependent.put(g.getAs(Predictions.BENCHMARK), VisionDependent.keys(scores(g)));
            }
        }
        Map<String, List<NamedRow>> byBenchmark = new TreeMap<>();
        for (Row g : groups) {
            String benchmark = g.getAs(Predictions.BENCHMARK);
            OfficialMetric official = new OfficialMetric(benchmarks, benchmark);
            List<SampleScore> scores = scores(g);
            double metric = official.of(scores);
            double[] ci = official.interval95(scores, resamples,
                    seed ^ (benchmark + g.getAs(Predictions.CONFIG_ID)).hashCode());
            Row base = unpruned.get(benchmark);
            double baseMetric = base == null ? Double.NaN : official.of(scores(base));
            double baseFlops = base == null ? Double.NaN : nullable(base.getAs("flops"));
            double baseTotal = base == null ? Double.NaN : nullable(base.getAs("total_flops"));
            List<Double> q = g.getList(g.fieldIndex("lat_q"));
            Set<String> vd = visionDependent.get(benchmark);
            List<SampleScore> vdScores = vd == null ? null : VisionDependent.of(scores, vd);
            double vdMetric = vd == null ? Double.NaN : official.of(vdScores);
            double vdBase = vd == null || base == null ? Double.NaN : official.of(VisionDependent.of(scores(base), vd));
            NamedRow r = new NamedRow(Tradeoffs.SCHEMA)
                    .set(Tradeoffs.BENCHMARK, benchmark)
                    .set(Tradeoffs.CONFIG_ID, g.getAs(Predictions.CONFIG_ID))
                    .set(Tradeoffs.METHOD, g.getAs("method"))
                    .set(Tradeoffs.BUDGET, g.getAs("budget"))
                    .set(Tradeoffs.PARAMS, g.getAs("params"))
                    .set(Tradeoffs.SAMPLES, g.getAs("samples"))
                    .set(Tradeoffs.ERRORS, g.getAs("errors"))
                    .set(Tradeoffs.METRIC, finite(metric))
                    .set(Tradeoffs.METRIC_NAME, official.name())
                    .set(Tradeoffs.CI_LOW, finite(ci[0]))
                    .set(Tradeoffs.CI_HIGH, finite(ci[1]))
                    .set(Tradeoffs.RETENTION, finite(metric / baseMetric))
                    .set(Tradeoffs.AGREEMENT, g.getAs("agreement"))
                    .set(Tradeoffs.MEAN_FLOPS, g.getAs("flops"))
                    .set(Tradeoffs.RELATIVE_FLOPS, finite(nullable(g.getAs("flops")) / baseFlops))
                    .set(Tradeoffs.MEAN_MACS_FASTV, g.getAs("macs"))
                    .set(Tradeoffs.MEAN_DECODE_FLOPS, g.getAs("decode_flops"))
                    .set(Tradeoffs.MEAN_DECODE_MACS_FASTV, g.getAs("decode_macs"))
                    .set(Tradeoffs.RELATIVE_TOTAL_FLOPS, finite(nullable(g.getAs("total_flops")) / baseTotal))
                    .set(Tradeoffs.LATENCY_MEAN, g.getAs("lat_mean"))
                    .set(Tradeoffs.LATENCY_P50, q == null ? null : q.get(0))
                    .set(Tradeoffs.LATENCY_P95, q == null ? null : q.get(1))
                    .set(Tradeoffs.MEAN_TOKENS, g.getAs("tokens"))
                    .set(Tradeoffs.DUAL_ERROR_EXP, g.getAs("dwe_exp"))
                    .set(Tradeoffs.DUAL_ERROR_LINEAR, g.getAs("dwe_lin"))
                    .set(Tradeoffs.MEAN_SELECTION_MS, g.getAs("selection_ms"))
                    .set(Tradeoffs.VD_SAMPLES, vdScores == null ? null : (long) vdScores.size())
                    .set(Tradeoffs.VD_METRIC, finite(vdMetric))
                    .set(Tradeoffs.VD_RETENTION, finite(vdMetric / vdBase));
            byBenchmark.computeIfAbsent(benchmark, k -> new ArrayList<>()).add(r);
        }
        List<Row> out = new ArrayList<>();
        for (List<NamedRow> bench : byBenchmark.values()) {
            double[] metric = new double[bench.size()];
            double[] cost = new double[bench.size()];
            for (int i = 0; i < bench.size(); i++) {
                metric[i] = nullable(bench.get(i).get(Tradeoffs.METRIC));
                cost[i] = nullable(bench.get(i).get(Tradeoffs.RELATIVE_FLOPS));
            }
            boolean[] front = Pareto.front(metric, cost);
            for (int i = 0; i < bench.size(); i++) {
                out.add(bench.get(i).set(Tradeoffs.PARETO, front[i]).build());
            }
        }
        return out;
    }

    private static List<SampleScore> scores(Row g) {
        List<Row> structs = g.getList(g.fieldIndex("scores"));
        List<SampleScore> out = new ArrayList<>(structs.size());
        for (Row s : structs) {
            out.add(new SampleScore(s.getString(0), s.getString(1), s.getString(2), s.getString(3), s.getString(4),
                    s.getDouble(5)));
        }
        return out;
    }

    private static double nullable(Object v) {
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static Double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }
}
