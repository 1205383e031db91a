package io.iwpspark.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.iwp.IwpConfig;
import io.iwpspark.pruning.iwp.IwpScores;
import io.iwpspark.pruning.iwp.PcMmr;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link SelectionBenchmark}'s pcMmr and exactGreedyMmr (same tensors, scoring included) timed by
 * the calling thread's CPU time beside the wall time: with one PyTorch thread every operation runs
 * on the calling thread, so its CPU time is the work done, which a machine shared with other jobs
 * inflates much less than the wall time. Repeats after one unmeasured call each; prints the medians.
 * Run: java -Dai.djl.pytorch.num_threads=1 -cp pruning-bench/target/benchmarks.jar
 * io.iwpspark.bench.SelectionCpuTime N/B [repeats]
 */
public final class SelectionCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SelectionCpuTime() {}

    public static void main(String[] args) {
        String[] parts = args[0].split("/");
        int n = Integer.parseInt(parts[0]);
        int budget = Integer.parseInt(parts[1]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(42);
            Shape shape = new Shape(SelectionBenchmark.GROUPS, n, SelectionBenchmark.HEAD_DIM);
            NDArray keys = m.randomNormal(shape).mul(0.3f);
            NDArray values = m.randomNormal(shape);
            double[] pc = time(keys, values, budget, IwpConfig.DEFAULT, PcMmr.updateFor(budget, n), repeats);
            double[] greedy = time(keys, values, budget, IwpConfig.DEFAULT.exactGreedy(), PcMmr.Update.EAGER, repeats);
            System.out.printf("N/B %s: PC-MMR cpu %.1f ms (wall %.1f), exact greedy cpu %.1f ms (wall %.1f): %.1fx by cpu,"
                    + " %.1fx by wall%n", args[0], pc[0], pc[1], greedy[0], greedy[1], greedy[0] / pc[0], greedy[1] / pc[1]);
        }
    }

    /** Median CPU and wall milliseconds of one selection, scoring included. */
    private static double[] time(NDArray keys, NDArray values, int budget, IwpConfig config, PcMmr.Update update,
            int repeats) {
        double[] cpu = new double[repeats];
        double[] wall = new double[repeats];
        for (int r = -1; r < repeats; r++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            try (IwpScores s = IwpScores.compute(keys, values, config.kernel())) {
                PcMmr.select(s, budget, config, update);
            }
            if (r >= 0) {
                cpu[r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
                wall[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        java.util.Arrays.sort(cpu);
        java.util.Arrays.sort(wall);
        return new double[] {cpu[repeats / 2], wall[repeats / 2]};
    }
}
