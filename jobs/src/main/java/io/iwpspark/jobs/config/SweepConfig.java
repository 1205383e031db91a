package io.iwpspark.jobs.config;

import io.iwpspark.datasets.schema.MediaLimits;
import io.iwpspark.pruning.PrunerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A sweep, as conf/*.yaml declares it (keys documented in conf/README.md), validated where it is made:
 * the runtime settings every executor needs ({@link RuntimeSettings}) and the sweep around them.
 *
 * @param runtime model, device, dtype, generation, visual and media settings, seed
 * @param samples the unified samples table (Parquet) to evaluate
 * @param synthetic when the samples table is missing, prepare ShapesVQA / ShapesVideo into it
 * @param benchmarks benchmarks to evaluate (empty = every benchmark in the table)
 * @param limit at most this many samples per benchmark (0 = all), the first by sample id
 * @param methods methods and their grids
 * @param budgets visual-token budgets
 * @param partitions Spark partitions of the samples (0 = the default parallelism)
 * @param waveSize samples per Spark job; a crash loses at most the two waves in flight
 * @param output the run folder (predictions/, tradeoffs/, figures/)
 * @param bootstrap resamples of the 95% confidence interval
 * @param prepare downloaded benchmarks to prepare and how their videos are sampled
 */
public record SweepConfig(RuntimeSettings runtime, String samples, SyntheticSpec synthetic, List<String> benchmarks,
        int limit, List<MethodGrid> methods, List<Integer> budgets, int partitions, int waveSize, String output,
        int bootstrap, PrepareSettings prepare) implements java.io.Serializable {

    /** The sweep's settings in the order of the YAML keys (the runtime settings among them). */
    public SweepConfig(String model, String device, String dtype, String samples, SyntheticSpec synthetic,
            List<String> benchmarks, int limit, List<MethodGrid> methods, List<Integer> budgets, int maxNewTokens,
            boolean keysAfterRope, boolean reindexPositions, VisualSettings visual, int partitions, int waveSize,
            String output, int bootstrap, long seed, MediaLimits media, PrepareSettings prepare) {
        this(new RuntimeSettings(model, device, dtype, maxNewTokens, keysAfterRope, reindexPositions, visual, media, seed),
                samples, synthetic, benchmarks, limit, methods, budgets, partitions, waveSize, output, bootstrap, prepare);
    }

    /** A sweep without downloaded sources (only the synthetic benchmark, or a table already prepared). */
    public SweepConfig(String model, String device, String dtype, String samples, SyntheticSpec synthetic,
            List<String> benchmarks, int limit, List<MethodGrid> methods, List<Integer> budgets, int maxNewTokens,
            boolean keysAfterRope, boolean reindexPositions, VisualSettings visual, int partitions, int waveSize,
            String output, int bootstrap, long seed, MediaLimits media) {
        this(model, device, dtype, samples, synthetic, benchmarks, limit, methods, budgets, maxNewTokens, keysAfterRope,
                reindexPositions, visual, partitions, waveSize, output, bootstrap, seed, media, PrepareSettings.NONE);
    }

    /** A sweep with the default media limits. */
    public SweepConfig(String model, String device, String dtype, String samples, SyntheticSpec synthetic,
            List<String> benchmarks, int limit, List<MethodGrid> methods, List<Integer> budgets, int maxNewTokens,
            boolean keysAfterRope, boolean reindexPositions, int poolStride, int partitions, int waveSize, String output,
            int bootstrap, long seed) {
        this(model, device, dtype, samples, synthetic, benchmarks, limit, methods, budgets, maxNewTokens, keysAfterRope,
                reindexPositions, new VisualSettings(poolStride, true), partitions, waveSize, output, bootstrap, seed,
                MediaLimits.DEFAULT);
    }

    /** The same sweep continuing {@code size} configurations of a sample as one batch. */
    public SweepConfig withBatchSize(int size) {
        return new SweepConfig(runtime.withBatchSize(size), samples, synthetic, benchmarks, limit, methods, budgets,
                partitions, waveSize, output, bootstrap, prepare);
    }

    public int batchSize() {
        return runtime.batchSize();
    }

    /** The same sweep preparing {@code count} samples of a partition at once, their configurations batched together. */
    public SweepConfig withSamplesPerBatch(int count) {
        return new SweepConfig(runtime.withSamplesPerBatch(count), samples, synthetic, benchmarks, limit, methods,
                budgets, partitions, waveSize, output, bootstrap, prepare);
    }

    /** The same sweep warming a local executor's model up on {@code count} synthetic samples (key {@code warmup_samples}). */
    public SweepConfig withWarmupSamples(int count) {
        return new SweepConfig(runtime.withWarmupSamples(count), samples, synthetic, benchmarks, limit, methods,
                budgets, partitions, waveSize, output, bootstrap, prepare);
    }

    /** This sweep with other scoring choices (key {@code scoring}). */
    public SweepConfig withScoring(ScoringSettings s) {
        return new SweepConfig(runtime.withScoring(s), samples, synthetic, benchmarks, limit, methods, budgets, partitions,
                waveSize, output, bootstrap, prepare);
    }

    public ScoringSettings scoring() {
        return runtime.scoring();
    }

    public String model() {
        return runtime.model();
    }

    public String device() {
        return runtime.device();
    }

    public String dtype() {
        return runtime.dtype();
    }

    public int maxNewTokens() {
        return runtime.maxNewTokens();
    }

    public boolean keysAfterRope() {
        return runtime.keysAfterRope();
    }

    public boolean reindexPositions() {
        return runtime.reindexPositions();
    }

    public VisualSettings visual() {
        return runtime.visual();
    }

    public MediaLimits media() {
        return runtime.media();
    }

    /** Seed of the sweep (pruners that draw at random, bootstrap). */
    public long seed() {
        return runtime.seed();
    }

    /** True when a missing samples table can be prepared: synthetic samples or downloaded sources. */
    public boolean preparable() {
        return synthetic != null || !prepare.sources().isEmpty();
    }

    /** Spatial pooling of each video frame's token grid (1 = none). */
    public int poolStride() {
        return runtime.visual().poolStride();
    }

    public SweepConfig {
        java.util.Objects.requireNonNull(runtime, "runtime");
        java.util.Objects.requireNonNull(prepare, "prepare");
        requireText("samples", samples);
        requireText("output", output);
        benchmarks = List.copyOf(benchmarks);
        methods = List.copyOf(methods);
        budgets = List.copyOf(budgets);
        if (limit < 0) {
            throw new ConfigException("limit must be >= 0 (0 = all), found " + limit);
        }
        if (methods.isEmpty()) {
            throw new ConfigException("methods must list at least one pruner, found none");
        }
        if (budgets.isEmpty()) {
            throw new ConfigException("budgets must list at least one budget, found none");
        }
        for (int i = 0; i < budgets.size(); i++) {
            if (budgets.get(i) == null || budgets.get(i) <= 0) {
                throw new ConfigException("budgets[" + i + "] must be a positive integer, found " + budgets.get(i));
            }
        }
        if (partitions < 0) {
            throw new ConfigException("partitions must be >= 0 (0 = default parallelism), found " + partitions);
        }
        if (waveSize < 1) {
            throw new ConfigException("wave_size must be >= 1, found " + waveSize);
        }
        if (bootstrap < 1) {
            throw new ConfigException("bootstrap must be >= 1, found " + bootstrap);
        }
    }

    /**
     * Every configuration (method x grid point x budget) in canonical form (defaults filled, numbers
     * normalised: see {@link PruningConfig#canonical}), ids unique, in declaration order. Two grid
     * points that are one configuration (lambda 1 and 1.0, or a default given explicitly next to the
     * bare name) are refused, naming both.
     */
    public List<PruningConfig> configurations() {
        PrunerRegistry registry = PrunerRegistry.load();
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        List<PruningConfig> out = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            MethodGrid m = methods.get(i);
            List<java.util.Map<String, String>> points = m.points();
            for (int k = 0; k < points.size(); k++) {
                var point = points.get(k);
                String where = "methods[" + i + "] " + m.name() + (points.size() > 1 ? " point " + (k + 1) : "")
                        + (point.isEmpty() ? "" : " " + new java.util.TreeMap<>(point));
                for (int b : budgets) {
                    PruningConfig c;
                    try {
                        c = PruningConfig.canonical(registry, m.name(), b, point);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(where + ": " + e.getMessage(), e);
                    }
                    String before = seen.putIfAbsent(c.id(), where);
                    if (before != null) {
                        throw new ConfigException(where + " is the same configuration as " + before + " (" + c.id()
                                + ", defaults filled in and numbers normalised); list it once");
                    }
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** Builds every pruner once on the driver, so a bad name or parameter fails before Spark starts. */
    public void validatePruners(PrunerRegistry registry) {
        configurations();
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key + " must be set, found nothing");
        }
    }
}
