package io.iwpspark.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Stage;
import java.util.Map;
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
 * One selection (the first stage of the pruner's plan for a 32-layer decoder) of a registered baseline,
 * every input it may ask for filled: visual hidden (N, 4096) from {@link SplitMix} seed 1 in [-0.5, 0.5) (the tensor
 * tools/bench_baselines.py gives the official code), text hidden (32, 4096), keys/values (32, N, 128),
 * text keys (32, 32, 128), attentions (uniform in [0, 1), rows of the (32, N) map summing to 1), vision
 * keys and features (N, 1024); grid 24 x 24 per frame when 576 divides N. One PyTorch thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx8g", "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class BaselineBenchmark {
    static final int HIDDEN = 4096;
    static final int TEXT = 32;
    static final int GROUPS = 32;
    static final int HEAD_DIM = 128;
    static final int VISION = 1024;
    static final int LAYERS = 32;

    @Param({"divprune"})
    public String pruner;

    @Param({"576/64", "576/192"})
    public String nb;

    private NDManager manager;
    private Pruner selector;
    private PruneInputs inputs;
    private Stage stage;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = nb.split("/");
        int n = Integer.parseInt(parts[0]);
        int budget = Integer.parseInt(parts[1]);
        manager = NDManager.newBaseManager();
        NDArray textToVisual = uniform(TEXT, n, 7);
        PruneInputs.Builder b = PruneInputs.builder(n)
                .optVisualHidden(centred(n, HIDDEN, 1))
                .optTextHidden(centred(TEXT, HIDDEN, 2))
                .optKeysValues(centred(GROUPS, n * HEAD_DIM, 3).reshape(GROUPS, n, HEAD_DIM),
                        centred(GROUPS, n * HEAD_DIM, 4).reshape(GROUPS, n, HEAD_DIM))
                .optTextKeys(centred(GROUPS, TEXT * HEAD_DIM, 5).reshape(GROUPS, TEXT, HEAD_DIM))
                .optTextToVisualAttention(textToVisual.div(textToVisual.sum(new int[] {1}, true)))
                .optLastTokenAttention(textToVisual.get(TEXT - 1).add(0.5f).div(n))
                .optLastTokenAttentionAtStage(textToVisual.get(TEXT - 2).add(0.5f).div(n))
                .optClsAttention(uniform(1, n, 8).reshape(n).add(0.5f).div(n))
                .optVisionKeys(centred(n, VISION, 9))
                .optVisionFeatures(centred(n, VISION, 10));
        if (n % 576 == 0) {
            b.optGrid(n / 576, 24, 24);
        }
        inputs = b.build();
        selector = PrunerRegistry.load().create(pruner, Map.of());
        stage = selector.plan(n, budget, LAYERS).get(0);
        if (n <= 4096) { // the kept indices, to compare with tools/bench_baselines.py's official ones
            System.out.println("# " + pruner + " " + nb + " " + stage + " kept: " + java.util.Arrays.toString(select()));
        }
    }

    private NDArray centred(int rows, int cols, long seed) {
        return manager.create(SplitMix.matrix(rows, cols, seed), new Shape(rows, cols)); // [-0.5, 0.5)
    }

    private NDArray uniform(int rows, int cols, long seed) {
        return centred(rows, cols, seed).add(0.5f); // [0, 1)
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public int[] select() {
        return selector.select(inputs, stage).kept();
    }
}
