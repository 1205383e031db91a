package io.iwpspark.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.Ranking;
import io.iwpspark.pruning.iwp.IwpConfig;
import io.iwpspark.pruning.iwp.IwpScores;
import io.iwpspark.pruning.iwp.PcMmr;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Selection time of IWP's selectors for 32 KV heads of dimension 128 (LLaVA-1.5-7B's layer shape):
 * PC-MMR (default schedule), exact greedy MMR (chunk 1), top magnitude, each including the scoring,
 * and a batched matMul (G, N, d) x (G, d, 64) in the same run as the yardstick of achievable GFLOP/s.
 * The "nb" parameter is "N/B". One PyTorch thread: every method (and the yardstick) on one core, as
 * one Spark task per core runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx8g", "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class SelectionBenchmark {
    static final int GROUPS = 32;
    static final int HEAD_DIM = 128;
    static final int YARDSTICK_COLUMNS = 64;

    @Param({"576/64", "576/192", "576/320", "2880/64", "2880/192", "2880/320", "2880/1024",
            "11520/64", "11520/192", "11520/320", "11520/1024", "23040/2048"})
    public String nb;

    private NDManager manager;
    private NDArray keys; // (G, N, d)
    private NDArray values; // (G, N, d)
    private NDArray yardstickRight; // (G, d, 64)
    private int budget;
    private int n;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = nb.split("/");
        n = Integer.parseInt(parts[0]);
        budget = Integer.parseInt(parts[1]);
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(42);
        // Keys scaled like post-projection LLaMA keys (|k|^2 / sqrt d of order a few units).
        keys = manager.randomNormal(new Shape(GROUPS, n, HEAD_DIM)).mul(0.3f);
        values = manager.randomNormal(new Shape(GROUPS, n, HEAD_DIM));
        yardstickRight = manager.randomNormal(new Shape(GROUPS, HEAD_DIM, YARDSTICK_COLUMNS));
        requireLazyEqualsEager();
    }

    /**
     * The selection as run (lazy when B <= N/4) must be the eager one, index for index, on these very
     * tensors: a speed-up that changed the selection would not count.
     */
    private void requireLazyEqualsEager() {
        if (PcMmr.updateFor(budget, n) != PcMmr.Update.LAZY) {
            return;
        }
        int[] lazy = select(IwpConfig.DEFAULT, PcMmr.Update.LAZY);
        int[] eager = select(IwpConfig.DEFAULT, PcMmr.Update.EAGER);
        if (!java.util.Arrays.equals(lazy, eager)) {
            throw new IllegalStateException("PC-MMR at N/B = " + nb + ": lazy selection differs from eager, expected "
                    + java.util.Arrays.toString(eager) + " but found " + java.util.Arrays.toString(lazy));
        }
        System.out.println("# PC-MMR " + nb + ": lazy selection equals eager (" + lazy.length + " tokens)");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** PC-MMR as IwpPruner runs it: the update PcMmr.updateFor picks for N and B. */
    @Benchmark
    public int[] pcMmr() {
        return select(IwpConfig.DEFAULT, PcMmr.updateFor(budget, n));
    }

    /** The same selection with lazy redundancy updates. */
    @Benchmark
    public int[] pcMmrLazy() {
        return select(IwpConfig.DEFAULT, PcMmr.Update.LAZY);
    }

    /** The same selection with every redundancy updated after every round. */
    @Benchmark
    public int[] pcMmrEager() {
        return select(IwpConfig.DEFAULT, PcMmr.Update.EAGER);
    }

    /** The textbook baseline: one token per round, every redundancy updated after it. */
    @Benchmark
    public int[] exactGreedyMmr() {
        return select(IwpConfig.DEFAULT.exactGreedy(), PcMmr.Update.EAGER);
    }

    /** Exact greedy MMR with the lazy updates (same selection as exactGreedyMmr). */
    @Benchmark
    public int[] lazyGreedyMmr() {
        return select(IwpConfig.DEFAULT.exactGreedy(), PcMmr.Update.LAZY);
    }

    @Benchmark
    public int[] topMagnitude() {
        try (IwpScores s = IwpScores.compute(keys, values, IwpConfig.DEFAULT.kernel())) {
            return Ranking.topK(s.logMagnitudeHost(), null, budget);
        }
    }

    /** (G, N, d) x (G, d, 64): 2 G N d 64 FLOPs, the shape of one PC-MMR round at the largest chunk. */
    @Benchmark
    public float matMulYardstick() {
        try (NDManager tmp = manager.newSubManager()) {
            tmp.tempAttachAll(keys, yardstickRight);
            return keys.matMul(yardstickRight).getFloat(0, 0, 0);
        }
    }

    private int[] select(IwpConfig config, PcMmr.Update update) {
        try (IwpScores s = IwpScores.compute(keys, values, config.kernel())) {
            return PcMmr.select(s, budget, config, update).order();
        }
    }
}
