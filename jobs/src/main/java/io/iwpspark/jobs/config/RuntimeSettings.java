package io.iwpspark.jobs.config;

import io.iwpspark.datasets.schema.MediaLimits;
import java.util.Objects;
import java.util.Set;

/**
 * How samples are run through the model, whatever the sweep around them: what the executors need. A
 * YAML sweep, the MLlib transformer and a test build the same record.
 *
 * @param model the Hugging Face checkpoint folder (any registered family)
 * @param device cpu, gpu (the task's assigned GPU, else an error) or auto (the assigned GPU, else CPU)
 * @param dtype f32 or f16
 * @param maxNewTokens greedy decoding length
 * @param keysAfterRope VISUAL_KV keys after RoPE for every pruner without its own choice (iwp has "rope")
 * @param reindexPositions re-number positions after pruning instead of keeping the original ids
 * @param visual pool stride of video frames, anyres unpadding
 * @param media limits on each sample's media (pixels, frames, bytes), checked before decoding
 * @param seed mixed into each sample's seed (pruners that draw at random)
 * @param scoring how replies are read where a benchmark has more than one faithful reading (key {@code scoring})
 * @param batchSize configurations of one sample continued together as one batch (1 = each alone,
 *     the reference path); results are the same, only the time differs
 * @param samplesPerBatch samples of a partition prepared at once (each holds its vision features and
 *     shared-prefix KV cache until its rows are out) so that the configurations of all of them fill
 *     batches of {@code batchSize} together (1 = one sample at a time); results are the same
 * @param warmupSamples synthetic samples a local CPU executor runs through the model, with the sweep's
 *     configurations and their rows discarded, while the driver prepares the waves (0 = none): the model's
 *     code is compiled and its native kernels primed before the first wave instead of inside it
 */
public record RuntimeSettings(String model, String device, String dtype, int maxNewTokens, boolean keysAfterRope,
        boolean reindexPositions, VisualSettings visual, MediaLimits media, long seed, ScoringSettings scoring,
        int batchSize, int samplesPerBatch, int warmupSamples) implements java.io.Serializable {
    /** The batch size when a sweep names none: measured in docs/PERFORMANCE.md (batched continuation). */
    public static final int DEFAULT_BATCH_SIZE = 16;
    /** The largest batch size accepted. */
    public static final int MAX_BATCH_SIZE = 256;
    /** Samples prepared at once when a sweep names none: measured in docs/PERFORMANCE.md (several samples). */
    public static final int DEFAULT_SAMPLES_PER_BATCH = 1;
    /** The most samples prepared at once: each holds its prefix's KV cache, so memory bounds it. */
    public static final int MAX_SAMPLES_PER_BATCH = 64;
    /** Warm-up samples when a sweep names none: measured in docs/PERFORMANCE.md (warm-up). */
    public static final int DEFAULT_WARMUP_SAMPLES = 8;
    /** The most warm-up samples accepted. */
    public static final int MAX_WARMUP_SAMPLES = 1000;

    public RuntimeSettings {
        Objects.requireNonNull(visual, "visual");
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(media, "media");
        if (model == null || model.isBlank()) {
            throw new ConfigException("model must be set, found nothing");
        }
        requireOneOf("device", device, Set.of("cpu", "gpu", "auto"));
        requireOneOf("dtype", dtype, Set.of("f32", "f16"));
        if (maxNewTokens < 1) {
            throw new ConfigException("max_new_tokens must be >= 1, found " + maxNewTokens);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ConfigException("batch_size must be in [1, " + MAX_BATCH_SIZE + "], found " + batchSize);
        }
        if (samplesPerBatch < 1 || samplesPerBatch > MAX_SAMPLES_PER_BATCH) {
            throw new ConfigException("samples_per_batch must be in [1, " + MAX_SAMPLES_PER_BATCH + "], found "
                    + samplesPerBatch);
        }
        if (warmupSamples < 0 || warmupSamples > MAX_WARMUP_SAMPLES) {
            throw new ConfigException("warmup_samples must be in [0, " + MAX_WARMUP_SAMPLES + "], found "
                    + warmupSamples);
        }
    }

    /** Settings with the default scoring (MME's official parser), batch size, samples per batch and warm-up. */
    public RuntimeSettings(String model, String device, String dtype, int maxNewTokens, boolean keysAfterRope,
            boolean reindexPositions, VisualSettings visual, MediaLimits media, long seed) {
        this(model, device, dtype, maxNewTokens, keysAfterRope, reindexPositions, visual, media, seed,
                ScoringSettings.DEFAULT, DEFAULT_BATCH_SIZE, DEFAULT_SAMPLES_PER_BATCH, DEFAULT_WARMUP_SAMPLES);
    }

    public RuntimeSettings withScoring(ScoringSettings s) {
        return new RuntimeSettings(model, device, dtype, maxNewTokens, keysAfterRope, reindexPositions, visual, media,
                seed, s, batchSize, samplesPerBatch, warmupSamples);
    }

    public RuntimeSettings withBatchSize(int size) {
        return new RuntimeSettings(model, device, dtype, maxNewTokens, keysAfterRope, reindexPositions, visual, media,
                seed, scoring, size, samplesPerBatch, warmupSamples);
    }

    public RuntimeSettings withSamplesPerBatch(int samples) {
        return new RuntimeSettings(model, device, dtype, maxNewTokens, keysAfterRope, reindexPositions, visual, media,
                seed, scoring, batchSize, samples, warmupSamples);
    }

    public RuntimeSettings withWarmupSamples(int samples) {
        return new RuntimeSettings(model, device, dtype, maxNewTokens, keysAfterRope, reindexPositions, visual, media,
                seed, scoring, batchSize, samplesPerBatch, samples);
    }

    /** Default generation settings for a model: CPU or the assigned GPU, f32, 16 new tokens, keys before RoPE. */
    public static RuntimeSettings of(String model, String device, int maxNewTokens) {
        return new RuntimeSettings(model, device, "f32", maxNewTokens, false, false, VisualSettings.DEFAULT,
                MediaLimits.DEFAULT, 0);
    }

    private static void requireOneOf(String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new ConfigException(key + " must be one of " + new java.util.TreeSet<>(allowed) + ", found \""
                    + value + "\"");
        }
    }
}
