package io.iwpspark.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.Ranking;
import io.iwpspark.pruning.iwp.DualWeightError;
import io.iwpspark.pruning.iwp.IwpConfig;
import io.iwpspark.pruning.iwp.IwpScores;
import io.iwpspark.pruning.iwp.PcMmr;

/**
 * The non-time columns of docs/PERFORMANCE.md for the benchmark's cases: rounds, kernel pairs and
 * the dual-weight error of PC-MMR, exact greedy MMR and top magnitude on the same inputs.
 * Run: java -cp pruning-bench/target/benchmarks.jar io.iwpspark.bench.SelectionReport [N/B ...]
 */
public final class SelectionReport {
    private SelectionReport() {}

    public static void main(String[] args) {
        String[] cases = args.length > 0 ? args
                : new String[] {"576/64", "576/192", "576/320", "2880/64", "2880/192", "2880/320", "2880/1024"};
        System.out.println("| inputs | N | B | method | rounds | kernel pairs | kernel GFLOP | dual-weight error (exp) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String c : cases) {
            String[] parts = c.split("/");
            int n = Integer.parseInt(parts[0]);
            int b = Integer.parseInt(parts[1]);
            for (String inputs : new String[] {"gaussian", "clustered"}) {
                report(inputs, n, b);
            }
        }
    }

    /**
     * gaussian: i.i.d. tokens (nearly orthogonal, little to deduplicate); clustered: every token a
     * noisy copy of one of N/16 centres, magnitudes varying by centre, like the redundant patches of
     * an image.
     */
    private static void report(String inputs, int n, int b) {
            try (NDManager m = NDManager.newBaseManager()) {
                m.getEngine().setRandomSeed(42);
                Shape shape = new Shape(SelectionBenchmark.GROUPS, n, SelectionBenchmark.HEAD_DIM);
                NDArray k = m.randomNormal(shape).mul(0.3f);
                NDArray v = m.randomNormal(shape);
                if (inputs.equals("clustered")) {
                    int centres = Math.max(1, n / 16);
                    NDArray which = m.randomInteger(0, centres, new Shape(n), ai.djl.ndarray.types.DataType.INT64);
                    NDArray loud = m.randomUniform(0.5f, 2f, new Shape(1, centres, 1));
                    NDArray kc = m.randomNormal(new Shape(SelectionBenchmark.GROUPS, centres, SelectionBenchmark.HEAD_DIM)).mul(0.3f);
                    NDArray vc = m.randomNormal(new Shape(SelectionBenchmark.GROUPS, centres, SelectionBenchmark.HEAD_DIM)).mul(loud);
                    ai.djl.ndarray.index.NDIndex pick = new ai.djl.ndarray.index.NDIndex(":, {}, :", which);
                    k = kc.get(pick).add(k.mul(0.1f));
                    v = vc.get(pick).add(v.mul(0.1f));
                }
                try (IwpScores s = IwpScores.compute(k, v, IwpConfig.DEFAULT.kernel());
                        DualWeightError err = DualWeightError.of(k, v, IwpConfig.DEFAULT.kernel())) {
                    PcMmr.Result pc = PcMmr.select(s, b, IwpConfig.DEFAULT);
                    PcMmr.Result greedy = PcMmr.select(s, b, IwpConfig.DEFAULT.exactGreedy());
                    int[] top = Ranking.topK(s.logMagnitudeHost(), null, b);
                    row(inputs, n, b, "pc-mmr", pc.rounds(), pc.kernelPairs(), err.relative(pc.order()));
                    row(inputs, n, b, "exact greedy", greedy.rounds(), greedy.kernelPairs(), err.relative(greedy.order()));
                    row(inputs, n, b, "top magnitude", 0, 0, err.relative(top));
                }
            }
    }

    private static void row(String inputs, int n, int b, String method, int rounds, long pairs, double error) {
        double gflop = pairs * 4.0 * SelectionBenchmark.GROUPS * SelectionBenchmark.HEAD_DIM / 1e9;
        System.out.printf("| %s | %d | %d | %s | %d | %d | %.2f | %.4f |%n", inputs, n, b, method, rounds, pairs, gflop, error);
    }
}
