package io.iwpspark.jobs.sweep;

import ai.djl.Device;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesVideo;
import io.iwpspark.datasets.synthetic.ShapesVqa;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.RuntimeSettings;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Synthetic ShapesVQA samples (alternating with ShapesVideo clips when the model takes video) run through a local
 * executor's model with every configuration of the sweep, their rows discarded, while the driver prepares the
 * waves ({@code warmup_samples}, run by the model's preload thread): the JVM compiles the model's, the pruners' and
 * the scorers' code and the native library primes its kernels on a core the driver's preparation leaves idle,
 * instead of inside the first wave, where both task threads would run that code interpreted while the compiler
 * took a task's core. Nothing is shared with the sweep's rows: the model is stateless between samples and the
 * warm-up builds its own pruners. {@link #stop} ends it before the next sample (the sweep calls it when its waves
 * start; a sample in progress finishes).
 */
final class WarmUp implements ModelCache.AfterLoad {
    /** Seed of the warm-up's scenes (any seed would do: their rows are discarded). */
    static final long SEED = 0x5741524dL;
    private static final int ERROR_COLUMN = io.iwpspark.jobs.schema.Predictions.SCHEMA.fieldIndex(
            io.iwpspark.jobs.schema.Predictions.ERROR);

    private final RuntimeSettings settings;
    private final List<PruningConfig> configs;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger errorRows = new AtomicInteger();
    private volatile boolean stopped;

    WarmUp(RuntimeSettings settings, List<PruningConfig> configs) {
        this.settings = settings;
        this.configs = List.copyOf(configs);
    }

    /** Evaluates up to {@code warmup_samples} samples on the CPU model, checking {@link #stop} before each. */
    @Override
    public void run() {
        if (settings.warmupSamples() == 0 || stopped) {
            return;
        }
        Lvlm model;
        try {
            model = ModelCache.get(Path.of(settings.model()), Device.cpu(), EvaluatePartition.dtype(settings));
        } catch (CheckpointException e) {
            return; // the tasks load it again and report this in their error rows
        }
        SampleEvaluator evaluator = EvaluatePartition.evaluator(settings, configs, model);
        boolean video = model.card().video() != ModelCard.VideoInput.NONE;
        ShapesVqa images = new ShapesVqa(ShapesConfig.defaults(SEED));
        ShapesVideo clips = new ShapesVideo(ShapesConfig.defaults(SEED));
        for (int i = 0; i < settings.warmupSamples() && !stopped; i++) {
            // A model that takes video alternates clips with images: the two paths share little code.
            Sample sample = video && i % 2 == 1 ? clips.sample(i / 2) : images.sample(video ? i / 2 : i);
            for (org.apache.spark.sql.Row r : evaluator.evaluate(sample, Set.of())) {
                if (!r.isNullAt(ERROR_COLUMN)) {
                    errorRows.incrementAndGet();
                }
            }
            done.incrementAndGet();
        }
    }

    /** Asks the warm-up to start no further sample. */
    @Override
    public void stop() {
        stopped = true;
    }

    /** Samples evaluated so far. */
    int done() {
        return done.get();
    }

    /** Rows of the samples so far that carry an error (a warm-up that only met errors warmed nothing up). */
    int errorRows() {
        return errorRows.get();
    }
}
