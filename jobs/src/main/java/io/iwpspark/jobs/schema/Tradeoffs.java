package io.iwpspark.jobs.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The trade-off table: one row per benchmark x configuration (docs/SCHEMA.md). */
public final class Tradeoffs {
    private Tradeoffs() {}

    public static final String BENCHMARK = "benchmark";
    public static final String CONFIG_ID = "config_id";
    public static final String METHOD = "method";
    public static final String BUDGET = "budget";
    public static final String PARAMS = "params";
    public static final String SAMPLES = "samples";
    public static final String ERRORS = "errors";
    public static final String METRIC = "metric";
    public static final String METRIC_NAME = "metric_name";
    public static final String CI_LOW = "ci_low";
    public static final String CI_HIGH = "ci_high";
    public static final String RETENTION = "retention";
    public static final String AGREEMENT = "agreement";
    public static final String MEAN_FLOPS = "mean_prefill_flops";
    public static final String RELATIVE_FLOPS = "relative_flops";
    public static final String MEAN_MACS_FASTV = "mean_prefill_macs_fastv";
    public static final String MEAN_DECODE_FLOPS = "mean_decode_flops";
    public static final String MEAN_DECODE_MACS_FASTV = "mean_decode_macs_fastv";
    /** Mean decoder FLOPs of prefill and decode steps together over the unpruned run's. */
    public static final String RELATIVE_TOTAL_FLOPS = "relative_total_flops";
    public static final String LATENCY_MEAN = "latency_ms_mean";
    public static final String LATENCY_P50 = "latency_ms_p50";
    public static final String LATENCY_P95 = "latency_ms_p95";
    public static final String MEAN_TOKENS = "mean_visual_tokens";
    public static final String DUAL_ERROR_EXP = "dual_weight_error_exp";
    public static final String DUAL_ERROR_LINEAR = "dual_weight_error_linear";
    public static final String MEAN_SELECTION_MS = "mean_selection_ms";
    public static final String VD_SAMPLES = "vision_dependent_samples";
    public static final String VD_METRIC = "vision_dependent_metric";
    public static final String VD_RETENTION = "vision_dependent_retention";
    public static final String PARETO = "pareto";

    public static final StructType SCHEMA = new StructType()
            .add(BENCHMARK, DataTypes.StringType, false)
            .add(CONFIG_ID, DataTypes.StringType, false)
            .add(METHOD, DataTypes.StringType, false)
            .add(BUDGET, DataTypes.IntegerType, true)
            .add(PARAMS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add(SAMPLES, DataTypes.LongType, false)
            .add(ERRORS, DataTypes.LongType, false)
            .add(METRIC, DataTypes.DoubleType, true)
            .add(METRIC_NAME, DataTypes.StringType, false)
            .add(CI_LOW, DataTypes.DoubleType, true)
            .add(CI_HIGH, DataTypes.DoubleType, true)
            .add(RETENTION, DataTypes.DoubleType, true)
            .add(AGREEMENT, DataTypes.DoubleType, true)
            .add(MEAN_FLOPS, DataTypes.DoubleType, true)
            .add(RELATIVE_FLOPS, DataTypes.DoubleType, true)
            .add(MEAN_MACS_FASTV, DataTypes.DoubleType, true)
            .add(MEAN_DECODE_FLOPS, DataTypes.DoubleType, true)
            .add(MEAN_DECODE_MACS_FASTV, DataTypes.DoubleType, true)
            .add(RELATIVE_TOTAL_FLOPS, DataTypes.DoubleType, true)
            .add(LATENCY_MEAN, DataTypes.DoubleType, true)
            .add(LATENCY_P50, DataTypes.DoubleType, true)
            .add(LATENCY_P95, DataTypes.DoubleType, true)
            .add(MEAN_TOKENS, DataTypes.DoubleType, true)
            .add(DUAL_ERROR_EXP, DataTypes.DoubleType, true)
            .add(DUAL_ERROR_LINEAR, DataTypes.DoubleType, true)
            .add(MEAN_SELECTION_MS, DataTypes.DoubleType, true)
            .add(VD_SAMPLES, DataTypes.LongType, true)
            .add(VD_METRIC, DataTypes.DoubleType, true)
            .add(VD_RETENTION, DataTypes.DoubleType, true)
            .add(PARETO, DataTypes.BooleanType, false);
}
