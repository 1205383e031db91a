package io.iwpspark.jobs.sweep;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.RuntimeSettings;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.HookOptions;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * The executor side of a sweep: samples (with the ids of configurations already written, column
 * {@link SweepJob#DONE}) in, prediction rows out, {@code samples_per_batch} samples at a time (their
 * configurations continued together). The model comes from the JVM's {@link ModelCache}; the pruners
 * are built once per partition. A Dataset's mapPartitions function ({@link SweepJob#evaluate}) and an RDD's
 * (the sweep's waves, which evaluate the plan's shuffled rows as they are).
 */
final class EvaluatePartition implements MapPartitionsFunction<Row, Row>, FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private static final int ERROR_COLUMN = io.iwpspark.jobs.schema.Predictions.SCHEMA.fieldIndex(
            io.iwpspark.jobs.schema.Predictions.ERROR);

    private final RuntimeSettings config;
    private final List<PruningConfig> configs;
    private final LongAccumulator samplesDone;
    private final LongAccumulator errorRows;

    EvaluatePartition(RuntimeSettings config, List<PruningConfig> configs, LongAccumulator samplesDone,
            LongAccumulator errorRows) {
        this.config = config;
        this.configs = List.copyOf(configs);
        this.samplesDone = samplesDone;
        this.errorRows = errorRows;
    }

    /** The model's data type of {@code dtype} (f32 or f16). */
    static DataType dtype(RuntimeSettings config) {
        return config.dtype().equals("f16") ? DataType.FLOAT16 : DataType.FLOAT32;
    }

    /** What evaluates samples for {@code configs} on {@code model} as {@code config} says: the pruners built once. */
    static SampleEvaluator evaluator(RuntimeSettings config, List<PruningConfig> configs, Lvlm model) {
        PrunerRegistry registry = PrunerRegistry.load();
        List<Pruner> pruners = new ArrayList<>();
        for (PruningConfig c : configs) {
            pruners.add(c.pruner(registry));
        }
        GenerationOptions options = GenerationOptions.defaults().withMaxNewTokens(config.maxNewTokens())
                .withKeys(config.keysAfterRope() ? HookOptions.KeyRope.AFTER_ROPE : HookOptions.KeyRope.BEFORE_ROPE)
                .withPositions(config.reindexPositions() ? HookOptions.PositionMode.REINDEX : HookOptions.PositionMode.ORIGINAL);
        return new SampleEvaluator(model, config.scoring().apply(BenchmarkRegistry.load()), configs, pruners, options,
                config.visual(), config.seed(), config.batchSize());
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) throws Exception {
        Device device = DeviceChoice.forCurrentTask(config.device());
        SampleEvaluator evaluator = evaluator(config, configs,
                ModelCache.get(Path.of(config.model()), device, dtype(config)));
        int group = config.samplesPerBatch();
        return new Iterator<>() {
            private Iterator<Row> pending = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!pending.hasNext() && input.hasNext()) {
                    // Up to samples_per_batch samples prepared together, their configurations batched as one.
                    List<Sample> samples = new ArrayList<>();
                    List<Set<String>> done = new ArrayList<>();
                    while (samples.size() < group && input.hasNext()) {
                        Row r = input.next();
                        done.add(new HashSet<>(r.<String>getList(r.fieldIndex(SweepJob.DONE))));
                        samples.add(SampleRows.decode(r, config.media()));
                    }
                    List<Row> rows = new ArrayList<>();
                    evaluator.evaluateAll(samples, done).forEach(rows::addAll);
                    samplesDone.add(samples.size());
                    errorRows.add(rows.stream().filter(x -> !x.isNullAt(ERROR_COLUMN)).count());
                    pending = rows.iterator();
                }
                return pending.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return pending.next();
            }
        };
    }
}
