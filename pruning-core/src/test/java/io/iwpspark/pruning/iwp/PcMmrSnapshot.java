package io.iwpspark.pruning.iwp;

import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PC-MMR selections recorded with the implementation before the host-gathered blocks
 * (commit 0e8f1fa, {@code IwpScores.duplication} for every block), so that a speed-up can be checked
 * index for index against it: {@code main} prints one line per case (run it on the old classes to
 * record src/test/resources/pcmmr/selections.txt), {@link PcMmrSnapshotTest} compares.
 */
final class PcMmrSnapshot {
    private PcMmrSnapshot() {}

    /** One case: seeded (G, N, d) keys and values, clustered = noisy copies of N/10 centres. */
    record Case(String name, Kernel kernel, long seed, int groups, int n, int dim, boolean clustered, IwpConfig config,
            int budget, PcMmr.Update update) {
        int[] select(NDManager parent) {
            float[][][] k = TestData.normal(seed, groups, n, dim, 0.7);
            float[][][] v = TestData.normal(seed + 100, groups, n, dim, 1.0);
            if (clustered) {
                float[][][] noise = TestData.normal(seed + 200, groups, n, dim, 0.05);
                for (int h = 0; h < groups; h++) {
                    for (int i = n - 1; i >= 0; i--) { // from the end: centres i / 10 are read before overwritten
                        for (int x = 0; x < dim; x++) {
                            k[h][i][x] = k[h][i / 10][x] + noise[h][i][x];
                            v[h][i][x] = v[h][i / 10][x] + noise[h][i][x];
                        }
                    }
                }
            }
            try (NDManager m = parent.newSubManager();
                    IwpScores s = IwpScores.compute(TestData.toNd(m, k), TestData.toNd(m, v), config.kernel())) {
                return PcMmr.select(s, budget, config, update).order();
            }
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        long seed = 500;
        for (Kernel kernel : Kernel.values()) {
            for (boolean clustered : new boolean[] {false, true}) {
                for (double lambda : new double[] {0.5, 0.3}) {
                    IwpConfig c = IwpConfig.DEFAULT.withKernel(kernel).withLambda(lambda);
                    if (lambda != 0.5) {
                        c = c.withChunks(2, 1.5, 24).withPool(1.5).withGuard(0.8);
                    }
                    for (int[] nb : new int[][] {{400, 60}, {400, 150}, {1200, 200}}) {
                        seed++; // EAGER and LAZY on the same tensors
                        for (PcMmr.Update update : PcMmr.Update.values()) {
                            String name = kernel + (clustered ? " clustered" : " gaussian") + " lambda " + lambda + " N "
                                    + nb[0] + " B " + nb[1] + " " + update;
                            cases.add(new Case(name, kernel, seed, 4, nb[0], 16, clustered, c, nb[1], update));
                        }
                    }
                }
            }
        }
        return cases;
    }

    /** Prints "name: i0 i1 ..." per case. */
    public static void main(String[] args) {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Case c : cases()) {
                System.out.println(c.name() + ": " + Arrays.toString(c.select(m)).replaceAll("[\\[\\],]", ""));
            }
        }
    }
}
