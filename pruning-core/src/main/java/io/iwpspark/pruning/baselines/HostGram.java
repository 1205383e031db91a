package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;

/**
 * The Gram matrix X X^T of up to {@link #MAX_TOKENS} rows, on the host. The official DivPrune and
 * CDPruner build their N x N matrix once and read rows of it per greedy step; recomputing a row as an
 * (N, D) x (D) product per step instead made ours 8 to 14x slower at 576 tokens (issue 15). Above
 * MAX_TOKENS (video scale) the pruners stream rows from the engine and never hold N x N.
 */
final class HostGram {
    /** Largest N whose N x N floats (64 MiB) are held. */
    static final int MAX_TOKENS = 4096;
    /** Rows per (b, D) x (D, N) product. */
    static final int BLOCK = 1024;

    private HostGram() {}

    /** (N, N) row-major X X^T of x (N, D), computed in blocks of {@value #BLOCK} rows. */
    static float[] of(NDArray x) {
        int n = (int) x.getShape().get(0);
        if (n > MAX_TOKENS) {
            throw new IllegalArgumentException("host Gram holds at most " + MAX_TOKENS + " rows, found " + n);
        }
        float[] gram = new float[n * n];
        NDArray xT = x.transpose(); // (D, N)
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            float[] rows = x.get(start + ":" + end).matMul(xT).toFloatArray(); // (b, N)
            System.arraycopy(rows, 0, gram, start * n, rows.length);
        }
        return gram;
    }
}
