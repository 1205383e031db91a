package io.iwpspark.lvlm.bench;

import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.ModelFamilies;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Thread CPU per sample (prepare + the quick start's 30 generations of one random 168 px image) at each batch size
 * given, interleaved repetition by repetition so load drifts hit every size alike; min and median. Arguments:
 * repetitions, then batch sizes. Run from the repository root (docs/PERFORMANCE.md, first section).
 */
public final class BatchCpuBenchmark {
    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[0]);
        int[] sizes = Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray();
        var mx = ManagementFactory.getThreadMXBean();
        try (Lvlm model = ModelFamilies.load(Path.of("models/tiny-llava-shapes"))) {
            List<GenerationRequest> requests = BatchBenchmark.requests();
            BufferedImage image = new BufferedImage(168, 168, BufferedImage.TYPE_INT_RGB);
            Random r = new Random(7);
            for (int y = 0; y < 168; y++) {
                for (int x = 0; x < 168; x++) {
                    image.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            double[][] cpu = new double[sizes.length][reps]; // (sizes, reps) ms
            for (int rep = -3; rep < reps; rep++) { // three warm-up rounds
                for (int v = 0; v < sizes.length; v++) {
                    long t = mx.getCurrentThreadCpuTime();
                    try (PreparedSample s = model.prepare(Media.image(image), "What shape is in the image?",
                            PrepareOptions.defaults())) {
                        model.generateAll(s, requests, sizes[v]);
                    }
                    if (rep >= 0) {
                        cpu[v][rep] = (mx.getCurrentThreadCpuTime() - t) / 1e6;
                    }
                }
            }
            for (int v = 0; v < sizes.length; v++) {
                double[] c = cpu[v].clone();
                Arrays.sort(c);
                System.out.printf("batch %d: thread CPU ms per sample (prepare + 30 generations): min %.1f median %.1f%n",
                        sizes[v], c[0], c[c.length / 2]);
            }
        }
    }
}
