package io.iwpspark.pruning.iwp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.pruning.Tensors;

/**
 * The relative implicit-weight error ||W - W_S||_F / ||W||_F of a selection S (METHOD.md section 4),
 * for any method. With P the pruned tokens, ||W - W_S||^2 = sum_{i, j in P} <T_i, T_j> and
 * <T_i, T_j> = sum_h (v_i^h . v_j^h) kappa(k_i^h, k_j^h).
 * <ul>
 *   <li>LINEAR: per group W_h = V^T K is d x d, so both norms cost O(N d^2).</li>
 *   <li>EXP: the Gram sums are taken in row blocks of {@link #BLOCK} tokens (never N x N at once),
 *       every kernel value scaled by exp(-max ||k||^2 / sqrt d), which cancels in the ratio and keeps
 *       exp from overflowing; sums accumulate in float64.</li>
 * </ul>
 * Merged tokens are outside this lens: the error is that of the kept subset.
 * Make one per sample and layer with {@link #of}; {@link #relative} then costs only the pruned part.
 * When many selections of the same tokens are scored (every configuration of a sweep at a shared layer),
 * {@link #forMany} takes the Gram matrix G_ij = <T_i, T_j> to the host once (N <= {@link #HOST_TOKENS}), and
 * each {@link #relative} is then a sum over the smaller of the kept and pruned sets, no native call.
 */
public final class DualWeightError implements AutoCloseable {
    static final int BLOCK = 256;
    /** The most tokens whose (N, N) Gram matrix {@link #forMany} keeps on the host (2048^2 doubles: 32 MiB). */
    public static final int HOST_TOKENS = 2048;

    private final NDManager manager;
    private final NDArray keys; // (G, N, d) float32 (EXP: scaled by 1 / sqrt(sqrt d))
    private final NDArray values; // (G, N, d) float32
    private final Kernel kernel;
    private final double shift; // EXP: max_h,i ||k||^2 / sqrt d, subtracted from every exponent
    private final double fullSquared; // ||W||_F^2 (scaled)
    private final HostGram gram; // host mode: G (N, N) and its row sums; null in device mode

    private DualWeightError(NDManager manager, NDArray keys, NDArray values, Kernel kernel, double shift, boolean host) {
        this.manager = manager;
        this.keys = keys;
        this.values = values;
        this.kernel = kernel;
        this.shift = shift;
        this.gram = host ? HostGram.of(keys, values, kernel, shift, BLOCK) : null;
        this.fullSquared = host ? gram.total() : squaredNorm(null);
        if (host) { // the host matrix is all relative() reads from now on
            keys.close();
            values.close();
        }
    }

    /**
     * @param keys (G, N, d) visual keys at the layer
     * @param values (G, N, d) visual values at the layer
     */
    public static DualWeightError of(NDArray keys, NDArray values, Kernel kernel) {
        return of(keys, values, kernel, false);
    }

    /**
     * For many selections of the same tokens: with N <= {@link #HOST_TOKENS} the Gram matrix goes to the host
     * once ({@code O(N^2 G d)} on the device, like {@link #of}'s full norm) and each {@link #relative} then sums
     * over min(kept, pruned)^2 host entries; above that, as {@link #of}.
     *
     * @param keys (G, N, d) visual keys at the layer
     * @param values (G, N, d) visual values at the layer
     */
    public static DualWeightError forMany(NDArray keys, NDArray values, Kernel kernel) {
        return of(keys, values, kernel, keys.getShape().get(1) <= HOST_TOKENS);
    }

    static DualWeightError of(NDArray keys, NDArray values, Kernel kernel, boolean host) {
        Tensors.requireKeysValues(keys, values);
        NDManager m = keys.getManager().newSubManager();
        double d = keys.getShape().get(2);
        NDArray k = keys.toType(DataType.FLOAT32, true);
        NDArray v = values.toType(DataType.FLOAT32, true);
        k.attach(m);
        v.attach(m);
        double shift = 0;
        if (kernel == Kernel.EXP) {
            // exp(k_i . k_j / sqrt d) = exp(k'_i . k'_j) with k' = k / d^(1/4).
            NDArray scaled = k.div(Math.sqrt(Math.sqrt(d)));
            k.close();
            k = scaled;
            try (NDArray sq = k.square().sum(new int[] {2}).max()) {
                shift = sq.getFloat();
            }
        }
        return new DualWeightError(m, k, v, kernel, shift, host);
    }

    /** Convenience for one selection: ||W - W_S||_F / ||W||_F. */
    public static double relative(NDArray keys, NDArray values, int[] kept, Kernel kernel) {
        try (DualWeightError e = of(keys, values, kernel)) {
            return e.relative(kept);
        }
    }

    /** @param kept indices of the kept tokens (any order, no duplicates) */
    public double relative(int[] kept) {
        int n = (int) keys.getShape().get(1);
        boolean[] isKept = new boolean[n];
        for (int i : kept) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("kept index must be in [0, " + n + "), found " + i);
            }
            if (isKept[i]) {
                throw new IllegalArgumentException("kept index " + i + " appears twice");
            }
            isKept[i] = true;
        }
        int[] pruned = new int[n - kept.length];
        for (int i = 0, p = 0; i < n; i++) {
            if (!isKept[i]) {
                pruned[p++] = i;
            }
        }
        if (pruned.length == 0 || fullSquared == 0) {
            return 0;
        }
        double rest = gram != null ? gram.prunedSum(kept, pruned) : squaredNorm(pruned);
        return Math.sqrt(Math.max(0, rest) / fullSquared);
    }

    /** sum_{i, j in subset} <T_i, T_j> (scaled for EXP); subset null = every token. */
    private double squaredNorm(int[] subset) {
        try (NDManager tmp = manager.newSubManager()) {
            tmp.tempAttachAll(keys, values);
            NDArray k = keys;
            NDArray v = values;
            if (subset != null) {
                NDIndex pick = new NDIndex(":, {}, :", tmp.create(subset).toType(DataType.INT64, false));
                k = keys.get(pick);
                v = values.get(pick);
            }
            if (kernel == Kernel.LINEAR) {
                NDArray w = v.transpose(0, 2, 1).matMul(k); // (G, d, d) implicit weight per group
                return w.toType(DataType.FLOAT64, false).square().sum().getDouble();
            }
            int n = (int) k.getShape().get(1);
            double total = 0;
            for (int start = 0; start < n; start += BLOCK) {
                int end = Math.min(n, start + BLOCK);
                NDIndex rows = new NDIndex(":, {}:{}, :", start, end);
                NDArray kr = k.get(rows); // (G, r, d)
                NDArray vr = v.get(rows); // (G, r, d)
                NDArray kernelValues = kr.matMul(k.transpose(0, 2, 1)).sub(shift).exp(); // (G, r, n)
                NDArray valueDots = vr.matMul(v.transpose(0, 2, 1)); // (G, r, n)
                total += kernelValues.mul(valueDots).toType(DataType.FLOAT64, false).sum().getDouble();
            }
            return total;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
