package io.iwpspark.jobs.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The predictions table: one row per sample x configuration, the unpruned run included
 * (method {@link #UNPRUNED}), errors included as rows with {@code error} set. Documented in
 * docs/SCHEMA.md; the column names here are the only place they are spelled.
 */
public final class Predictions {
    private Predictions() {}

    public static final String UNPRUNED = "unpruned";
    /** The text-only reference: every visual token removed before the decoder, positions renumbered. */
    public static final String TEXT_ONLY = "text_only";
    /** The reference rows every sweep writes per sample beside its configurations. */
    public static final java.util.List<String> REFERENCES = java.util.List.of(UNPRUNED, TEXT_ONLY);

    public static final String SAMPLE_ID = "sample_id";
    public static final String BENCHMARK = "benchmark";
    public static final String SPLIT = "split";
    public static final String CATEGORY = "category";
    public static final String CONFIG_ID = "config_id";
    public static final String METHOD = "method";
    public static final String BUDGET = "budget";
    public static final String PARAMS = "params";
    public static final String PREDICTION = "prediction";
    public static final String SCORE = "score";
    public static final String SCORE_GROUP = "score_group";
    public static final String PARSED = "parsed";
    public static final String EXPECTED = "expected";
    public static final String AGREES = "agrees_with_unpruned";
    public static final String VISUAL_TOKENS_INPUT = "visual_tokens_input";
    public static final String TOKENS_PER_LAYER = "visual_tokens_per_layer";
    public static final String MEAN_VISUAL_TOKENS = "mean_visual_tokens";
    public static final String PREFILL_FLOPS = "prefill_flops";
    public static final String PREFILL_MACS_FASTV = "prefill_macs_fastv";
    public static final String VISION_FLOPS = "vision_flops";
    public static final String DECODE_FLOPS = "decode_flops";
    public static final String DECODE_MACS_FASTV = "decode_macs_fastv";
    public static final String PREFILL_MS = "prefill_ms";
    public static final String DECODE_MS = "decode_ms";
    public static final String GENERATED_TOKENS = "generated_tokens";
    public static final String KV_CACHE_BYTES = "kv_cache_bytes";
    public static final String DUAL_ERROR_EXP = "dual_weight_error_exp";
    public static final String DUAL_ERROR_LINEAR = "dual_weight_error_linear";
    public static final String SELECTION_MS = "selection_ms";
    public static final String ERROR = "error";

    public static final StructType SCHEMA = new StructType()
            .add(SAMPLE_ID, DataTypes.StringType, false)
            .add(BENCHMARK, DataTypes.StringType, false)
            .add(SPLIT, DataTypes.StringType, true)
            .add(CATEGORY, DataTypes.StringType, true)
            .add(CONFIG_ID, DataTypes.StringType, false)
            .add(METHOD, DataTypes.StringType, false)
            .add(BUDGET, DataTypes.IntegerType, true)
            .add(PARAMS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add(PREDICTION, DataTypes.StringType, true)
            .add(SCORE, DataTypes.DoubleType, true)
            .add(SCORE_GROUP, DataTypes.StringType, true)
            .add(PARSED, DataTypes.StringType, true)
            .add(EXPECTED, DataTypes.StringType, true)
            .add(AGREES, DataTypes.BooleanType, true)
            .add(VISUAL_TOKENS_INPUT, DataTypes.IntegerType, true)
            .add(TOKENS_PER_LAYER, DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add(MEAN_VISUAL_TOKENS, DataTypes.DoubleType, true)
            .add(PREFILL_FLOPS, DataTypes.DoubleType, true)
            .add(PREFILL_MACS_FASTV, DataTypes.DoubleType, true)
            .add(VISION_FLOPS, DataTypes.DoubleType, true)
            .add(DECODE_FLOPS, DataTypes.DoubleType, true)
            .add(DECODE_MACS_FASTV, DataTypes.DoubleType, true)
            .add(PREFILL_MS, DataTypes.DoubleType, true)
            .add(DECODE_MS, DataTypes.DoubleType, true)
            .add(GENERATED_TOKENS, DataTypes.IntegerType, true)
            .add(KV_CACHE_BYTES, DataTypes.LongType, true)
            .add(DUAL_ERROR_EXP, DataTypes.DoubleType, true)
            .add(DUAL_ERROR_LINEAR, DataTypes.DoubleType, true)
            .add(SELECTION_MS, DataTypes.DoubleType, true)
            .add(ERROR, DataTypes.StringType, true);
}
