package io.iwpspark.jobs.sweep;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesVideo;
import io.iwpspark.datasets.synthetic.ShapesVqa;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.jobs.config.SweepConfigReader;
import io.iwpspark.jobs.config.SyntheticSpec;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelFamilies;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Seconds per sample of the quick start's evaluation (conf/sweep-default.yaml: its model, methods,
 * budgets, max_new_tokens, pool_stride; synthetic ShapesVQA images and ShapesVideo clips at its size)
 * through {@link SampleEvaluator} at several batch sizes, and samples per batch (samples prepared at
 * once, their configurations batched together), interleaved group by group (a group: as many samples
 * as the largest samples per batch), one thread, without Spark, with every row's prediction checked
 * against the first variant. Not a test: run it with the command in docs/PERFORMANCE.md; it prints a
 * Markdown table.
 *
 * <p>Arguments: images (default 8), clips (default 2), variants (default 1,4,8,16,32): a batch size,
 * or a batch size x samples per batch ({@code 32x2}: two samples prepared at once, batches of 32).
 */
public final class BatchSizeBenchmark {
    private BatchSizeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int clips = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String[] variants = (args.length > 2 ? args[2] : "1,4,8,16,32").split(",");
        int[] sizes = new int[variants.length];
        int[] spb = new int[variants.length];
        for (int k = 0; k < variants.length; k++) {
            String[] v = variants[k].split("x");
            sizes[k] = Integer.parseInt(v[0]);
            spb[k] = v.length > 1 ? Integer.parseInt(v[1]) : 1;
        }
        int group = Arrays.stream(spb).max().getAsInt();
        SweepConfig sweep = SweepConfigReader.read(Path.of("../conf/sweep-default.yaml"), Path.of(".."));
        List<PruningConfig> configs = sweep.configurations();
        PrunerRegistry registry = PrunerRegistry.load();
        List<Pruner> pruners = configs.stream().map(c -> c.pruner(registry)).toList();
        GenerationOptions options = GenerationOptions.defaults().withMaxNewTokens(sweep.maxNewTokens());
        List<Sample> samples = quickStartSamples(sweep, images, clips);
        try (Lvlm model = ModelFamilies.load(Path.of(sweep.model()), Device.cpu(), DataType.FLOAT32)) {
            System.out.println(sweep.model() + ": " + images + " images + " + clips + " clips, " + (configs.size() + 2)
                    + " generations each; load average " + loadAverage() + "\n");
            double[][] seconds = new double[sizes.length][samples.size()]; // a group's seconds, spread evenly
            for (int from = -group; from < samples.size(); from += group) { // the first group warms up
                List<Sample> g = samples.subList(Math.max(from, 0), Math.min(samples.size(), Math.max(from, 0) + group));
                List<String> reference = null;
                for (int k = 0; k < sizes.length; k++) {
                    SampleEvaluator e = new SampleEvaluator(model, BenchmarkRegistry.load(), configs, pruners, options,
                            sweep.visual(), sweep.seed(), sizes[k]);
                    long t = System.nanoTime();
                    List<String> predictions = new ArrayList<>();
                    for (int at = 0; at < g.size(); at += spb[k]) {
                        List<Sample> part = g.subList(at, Math.min(g.size(), at + spb[k]));
                        for (List<Row> rows : e.evaluateAll(part, part.stream().map(x -> Set.<String>of()).toList())) {
                            rows.forEach(r -> predictions.add(r.getAs(Predictions.SCHEMA.fieldIndex(Predictions.PREDICTION))));
                        }
                    }
                    double sec = (System.nanoTime() - t) / 1e9;
                    if (reference == null) {
                        reference = predictions;
                    } else if (!predictions.equals(reference)) {
                        throw new AssertionError("variant " + variants[k] + ", samples from " + from + ": predictions differ");
                    }
                    for (int j = 0; from >= 0 && j < g.size(); j++) {
                        seconds[k][from + j] = sec / g.size();
                    }
                }
            }
            System.out.println("| batch size x samples per batch | images: s per sample (mean) | clips: s per sample (mean) "
                    + "| samples/s (all) | speed-up |");
            System.out.println("|---|---|---|---|---|");
            double base = Arrays.stream(seconds[0]).sum();
            for (int k = 0; k < sizes.length; k++) {
                double img = Arrays.stream(seconds[k], 0, images).average().orElse(Double.NaN);
                double clip = Arrays.stream(seconds[k], images, samples.size()).average().orElse(Double.NaN);
                double all = Arrays.stream(seconds[k]).sum();
                System.out.printf("| %s | %.3f | %.3f | %.2f | %.2fx |%n", variants[k], img, clip, samples.size() / all,
                        base / all);
            }
            System.out.println("\npredictions identical in every variant; load average at the end: "
                    + loadAverage());
        }
    }

    /** The machine's 1/5/15-minute load averages, printed beside the timings. */
    static String loadAverage() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /**
     * {@code images} synthetic ShapesVQA images, then {@code clips} ShapesVideo clips, with the seed and size of
     * {@code sweep}'s {@code synthetic} block (the samples its prepare step would make).
     */
    static List<Sample> quickStartSamples(SweepConfig sweep, int images, int clips) {
        SyntheticSpec spec = sweep.synthetic();
        if (spec == null) {
            throw new IllegalArgumentException("the sweep configuration has no synthetic block to take seed and "
                    + "image_size from");
        }
        ShapesConfig shapes = ShapesConfig.defaults(spec.seed()).withSize(spec.imageSize(), spec.imageSize());
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            samples.add(new ShapesVqa(shapes).sample(i));
        }
        for (int i = 0; i < clips; i++) {
            samples.add(new ShapesVideo(shapes).sample(i));
        }
        return samples;
    }
}
