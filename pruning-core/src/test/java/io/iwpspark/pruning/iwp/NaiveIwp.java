package io.iwpspark.pruning.iwp;

import static io.iwpspark.pruning.TestData.dot;

/**
 * The scalar reference of METHOD.md sections 1, 2 and 4, written straight from the formulas in
 * double precision, with no log-space tricks: inputs must be modest enough not to overflow.
 */
final class NaiveIwp {
    private NaiveIwp() {}

    /** kappa(a, b) for a group of head dim d. */
    static double kernel(Kernel kernel, float[] a, float[] b) {
        double dot = dot(a, b);
        return kernel == Kernel.EXP ? Math.exp(dot / Math.sqrt(a.length)) : dot;
    }

    /** <T_i, T_j> summed over groups. */
    static double inner(Kernel kernel, float[][][] k, float[][][] v, int i, int j) {
        double s = 0;
        for (int h = 0; h < k.length; h++) {
            s += dot(v[h][i], v[h][j]) * kernel(kernel, k[h][i], k[h][j]);
        }
        return s;
    }

    static double logMagnitude(Kernel kernel, float[][][] k, float[][][] v, int i) {
        return 0.5 * Math.log(inner(kernel, k, v, i, i));
    }

    static double dup(Kernel kernel, float[][][] k, float[][][] v, int i, int j) {
        return inner(kernel, k, v, i, j) / Math.exp(logMagnitude(kernel, k, v, i) + logMagnitude(kernel, k, v, j));
    }

    /** Exact greedy MMR with r = m / max m and the redundancy of the empty set 0; admission order. */
    static int[] greedyMmr(Kernel kernel, float[][][] k, float[][][] v, int budget, double lambda) {
        int n = k[0].length;
        double[] logM = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            logM[i] = logMagnitude(kernel, k, v, i);
            max = Math.max(max, logM[i]);
        }
        boolean[] chosen = new boolean[n];
        int[] order = new int[budget];
        for (int t = 0; t < budget; t++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (chosen[i]) {
                    continue;
                }
                double red = 0;
                for (int s = 0; s < t; s++) {
                    red = Math.max(red, dup(kernel, k, v, i, order[s]));
                }
                double score = lambda * Math.exp(logM[i] - max) - (1 - lambda) * red;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            chosen[best] = true;
            order[t] = best;
        }
        return order;
    }

    /** ||W - W_S||_F / ||W||_F from the full Gram sums. */
    static double relativeError(Kernel kernel, float[][][] k, float[][][] v, int[] kept) {
        int n = k[0].length;
        boolean[] isKept = new boolean[n];
        for (int i : kept) {
            isKept[i] = true;
        }
        double full = 0;
        double rest = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double t = inner(kernel, k, v, i, j);
                full += t;
                if (!isKept[i] && !isKept[j]) {
                    rest += t;
                }
            }
        }
        return Math.sqrt(rest / full);
    }
}
