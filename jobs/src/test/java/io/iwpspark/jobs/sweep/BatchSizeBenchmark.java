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
 * through {@link SampleEvaluator} at several batch sizes, interleaved sample by sample, one thread,
 * without Spark, with every row's prediction checked against batch size 1. Not a test: run it with the
 * command in docs/PERFORMANCE.md; it prints a Markdown table.
 *
 * <p>Arguments: images (default 8), clips (default 2), batch sizes (default 1,4,8,16,32).
 */
public final class BatchSizeBenchmark {
    private BatchSizeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int clips = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int[] sizes = Arrays.stream((args.length > 2 ? args[2] : "1,4,8,16,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        SweepConfig sweep = SweepConfigReader.read(Path.of("../conf/sweep-default.yaml"), Path.of(".."));
        List<PruningConfig> configs = sweep.configurations();
        PrunerRegistry registry = PrunerRegistry.load();
        List<Pruner> pruners = configs.stream().map(c -> c.pruner(registry)).toList();
        GenerationOptions options = GenerationOptions.defaults().withMaxNewTokens(sweep.maxNewTokens());
        ShapesConfig shapes = ShapesConfig.defaults(20261125).withSize(168, 168);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            samples.add(new ShapesVqa(shapes).sample(i));
        }
        for (int i = 0; i < clips; i++) {
            samples.add(new ShapesVideo(shapes).sample(i));
        }
        try (Lvlm model = ModelFamilies.load(Path.of(sweep.model()), Device.cpu(), DataType.FLOAT32)) {
            System.out.println(sweep.model() + ": " + images + " images + " + clips + " clips, " + (configs.size() + 2)
                    + " generations each; load average " + Files.readString(Path.of("/proc/loadavg")).trim() + "\n");
            double[][] seconds = new double[sizes.length][samples.size()];
            for (int rep = -1; rep < samples.size(); rep++) { // rep -1 warms up on the first sample
                Sample s = samples.get(Math.max(rep, 0));
                List<String> reference = null;
                for (int k = 0; k < sizes.length; k++) {
                    SampleEvaluator e = new SampleEvaluator(model, BenchmarkRegistry.load(), configs, pruners, options,
                            sweep.visual(), sweep.seed(), sizes[k]);
                    long t = System.nanoTime();
                    List<Row> rows = e.evaluate(s, Set.of());
                    double sec = (System.nanoTime() - t) / 1e9;
                    List<String> predictions = rows.stream()
                            .map(r -> r.<String>getAs(Predictions.SCHEMA.fieldIndex(Predictions.PREDICTION))).toList();
                    if (reference == null) {
                        reference = predictions;
                    } else if (!predictions.equals(reference)) {
                        throw new AssertionError("batch " + sizes[k] + ", " + s.id() + ": predictions differ");
                    }
                    if (rep >= 0) {
                        seconds[k][rep] = sec;
                    }
                }
            }
            System.out.println("| batch size | images: s per sample (mean) | clips: s per sample (mean) | samples/s (all) | speed-up |");
            System.out.println("|---|---|---|---|---|");
            double base = Arrays.stream(seconds[0]).sum();
            for (int k = 0; k < sizes.length; k++) {
                double img = Arrays.stream(seconds[k], 0, images).average().orElse(Double.NaN);
                double clip = Arrays.stream(seconds[k], images, samples.size()).average().orElse(Double.NaN);
                double all = Arrays.stream(seconds[k]).sum();
                System.out.printf("| %d | %.3f | %.3f | %.2f | %.2fx |%n", sizes[k], img, clip, samples.size() / all,
                        base / all);
            }
            System.out.println("\npredictions identical at every size; load average at the end: "
                    + Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }
}
