package io.iwpspark.jobs.sweep;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.jobs.config.SweepConfigReader;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelFamilies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;

/**
 * Whether two threads evaluating at once cost more CPU per sample than one, without Spark: the quick start's
 * evaluation (conf/sweep-default.yaml, {@link EvaluatePartition#evaluator}) of the same synthetic samples by
 * one thread ({@code one}), by two threads sharing one loaded model as a local[2] executor's tasks do
 * ({@code shared}), and by two threads with a model each ({@code own}), in rounds that interleave the three.
 * Per variant and round it prints each thread's CPU seconds ({@link ThreadMXBean}) and the wall seconds, and at
 * the end the median CPU per thread of each variant over the measured rounds (the first two warm the JIT up and
 * are not counted). A lock, a shared allocator or the memory bus would show as {@code shared} (or {@code own})
 * above {@code one}. Every thread's predictions are checked against the first round's. Not a test: run it with
 * the command in docs/PERFORMANCE.md on an otherwise idle machine.
 *
 * <p>Arguments: rounds (default 8), images (default 16), clips (default 4), variants (default
 * {@code one,shared,own}).
 */
public final class ThreadScalingBenchmark {
    private static final int WARM_ROUNDS = 2;
    private static final int PREDICTION_COLUMN = Predictions.SCHEMA.fieldIndex(Predictions.PREDICTION);

    private ThreadScalingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int clips = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        List<String> variants = List.of((args.length > 3 ? args[3] : "one,shared,own").split(","));
        for (String v : variants) {
            if (!List.of("one", "shared", "own").contains(v)) {
                throw new IllegalArgumentException("variant must be one, shared or own, found " + v);
            }
        }
        SweepConfig sweep = SweepConfigReader.read(Path.of("../conf/sweep-default.yaml"), Path.of(".."));
        List<PruningConfig> configs = sweep.configurations();
        List<Sample> samples = BatchSizeBenchmark.quickStartSamples(sweep, images, clips);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Lvlm first = ModelFamilies.load(Path.of(sweep.model()), Device.cpu(), DataType.FLOAT32);
                Lvlm second = ModelFamilies.load(Path.of(sweep.model()), Device.cpu(), DataType.FLOAT32)) {
            System.out.println(sweep.model() + ": " + images + " images + " + clips + " clips, " + (configs.size() + 2)
                    + " generations each, per thread; load average " + BatchSizeBenchmark.loadAverage() + "\n");
            List<String> reference = null;
            double[][] cpu = new double[variants.size()][rounds];
            for (int round = 0; round < WARM_ROUNDS + rounds; round++) {
                String label = round < WARM_ROUNDS ? "warm-up" : "round " + (round - WARM_ROUNDS + 1);
                StringBuilder line = new StringBuilder(label);
                for (int k = 0; k < variants.size(); k++) {
                    Lvlm[] models = switch (variants.get(k)) {
                        case "one" -> new Lvlm[] {first};
                        case "shared" -> new Lvlm[] {first, first};
                        default -> new Lvlm[] {first, second};
                    };
                    long start = System.nanoTime();
                    List<Future<Double>> cpuSeconds = new ArrayList<>();
                    List<List<String>> predictions = new ArrayList<>();
                    for (Lvlm model : models) {
                        List<String> mine = new ArrayList<>();
                        predictions.add(mine);
                        cpuSeconds.add(pool.submit(() -> {
                            SampleEvaluator evaluator = EvaluatePartition.evaluator(sweep.runtime(), configs, model);
                            long c = mx.getCurrentThreadCpuTime();
                            for (Sample s : samples) {
                                for (Row r : evaluator.evaluate(s, Set.of())) {
                                    mine.add(r.getString(PREDICTION_COLUMN));
                                }
                            }
                            return (mx.getCurrentThreadCpuTime() - c) / 1e9;
                        }));
                    }
                    double[] each = new double[models.length];
                    for (int t = 0; t < models.length; t++) {
                        each[t] = cpuSeconds.get(t).get();
                    }
                    double wall = (System.nanoTime() - start) / 1e9;
                    for (List<String> p : predictions) {
                        if (reference == null) {
                            reference = p;
                        } else if (!p.equals(reference)) {
                            throw new AssertionError(variants.get(k) + ", " + label + ": predictions differ");
                        }
                    }
                    if (round >= WARM_ROUNDS) {
                        cpu[k][round - WARM_ROUNDS] = Arrays.stream(each).average().orElseThrow();
                    }
                    double[] rounded = Arrays.stream(each).map(x -> Math.round(x * 1000) / 1000.0).toArray();
                    line.append(String.format("  %s: cpu %s s, wall %.3f s", variants.get(k), Arrays.toString(rounded),
                            wall));
                }
                System.out.println(line);
            }
            System.out.println("\n| variant | CPU s per thread (median of " + rounds + " rounds) | against one |");
            System.out.println("|---|---|---|");
            double base = variants.contains("one") ? median(cpu[variants.indexOf("one")]) : Double.NaN;
            for (int k = 0; k < variants.size(); k++) {
                System.out.printf("| %s | %.3f | %.3fx |%n", variants.get(k), median(cpu[k]), median(cpu[k]) / base);
            }
            System.out.println("\npredictions identical in every thread and round; load average at the end: "
                    + BatchSizeBenchmark.loadAverage());
        } finally {
            pool.shutdown();
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
