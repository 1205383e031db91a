package io.iwpspark.pruning.iwp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The Gram matrix G_ij = <T_i, T_j> = sum_h (v_i^h . v_j^h) kappa(k_i^h, k_j^h) of N rank-1 terms, on the
 * host, for {@link DualWeightError#forMany}: ||W - W_S||^2 is the sum of G over pruned x pruned, or, when fewer
 * tokens are kept than pruned, total - 2 sum_{i in S} rowSum_i + sum over S x S, both from the same stored
 * entries, so the two agree to double rounding.
 */
final class HostGram {
    private final int n;
    private final double[] g; // (N, N) row-major, summed over groups in float64
    private final double[] rowSums; // (N)
    private final double total;

    private HostGram(int n, double[] g) {
        this.n = n;
        this.g = g;
        this.rowSums = new double[n];
        double t = 0;
        for (int i = 0; i < n; i++) {
            double r = 0;
            for (int j = 0; j < n; j++) {
                r += g[i * n + j];
            }
            rowSums[i] = r;
            t += r;
        }
        this.total = t;
    }

    /**
     * @param keys (G, N, d) float32 keys, already scaled by d^(-1/4) for EXP
     * @param values (G, N, d) float32 values
     * @param shift EXP: subtracted from every exponent (cancels in the ratio)
     * @param block rows per device product: (G, block, N) at a time, never N x N per group at once
     */
    static HostGram of(NDArray keys, NDArray values, Kernel kernel, double shift, int block) {
        int n = (int) keys.getShape().get(1);
        double[] g = n <= block ? null : new double[n * n]; // one block: its rows are all of G
        try (NDManager tmp = keys.getManager().newSubManager()) {
            tmp.tempAttachAll(keys, values);
            NDArray kt = keys.transpose(0, 2, 1); // (G, d, N)
            NDArray vt = values.transpose(0, 2, 1); // (G, d, N)
            for (int start = 0; start < n; start += block) {
                int end = Math.min(n, start + block);
                NDIndex rows = new NDIndex(":, {}:{}, :", start, end);
                NDArray dots = keys.get(rows).matMul(kt); // (G, r, N) k_i . k_j
                NDArray kernelValues = kernel == Kernel.EXP ? dots.sub(shift).exp() : dots;
                NDArray terms = kernelValues.mul(values.get(rows).matMul(vt)); // (G, r, N)
                double[] part = terms.toType(DataType.FLOAT64, false).sum(new int[] {0}).toDoubleArray(); // (r, N)
                if (g == null) {
                    g = part;
                } else {
                    System.arraycopy(part, 0, g, start * n, part.length);
                }
            }
        }
        return new HostGram(n, g == null ? new double[0] : g); // null only when N = 0
    }

    /** sum_{i, j in all} G_ij = ||W||^2 (scaled as the entries are). */
    double total() {
        return total;
    }

    /** sum_{i, j in pruned} G_ij, summed over the smaller of the two index sets. */
    double prunedSum(int[] kept, int[] pruned) {
        if (pruned.length <= kept.length) {
            return blockSum(pruned);
        }
        double keptRows = 0;
        for (int i : kept) {
            keptRows += rowSums[i];
        }
        return total - 2 * keptRows + blockSum(kept);
    }

    private double blockSum(int[] idx) {
        double s = 0;
        for (int i : idx) {
            int row = i * n;
            for (int j : idx) {
                s += g[row + j];
            }
        }
        return s;
    }
}
