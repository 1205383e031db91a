package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;

/**
 * CDPruner's fast greedy MAP (the loop of {@link CdPruner#greedyMap}) with the kernel's rows read from a
 * {@link HostGram} instead of recomputed as an (N, D) product per step, as the official CDPruner reads
 * rows of its precomputed kernel; N up to {@link HostGram#MAX_TOKENS}. Same float operations per entry
 * as the engine path: row j of L is (S_j * r) * r_j, e = (L_j - c_j^T C) / sqrt(d_j^2), d^2 -= e^2.
 */
final class GreedyMapOnHost {
    private GreedyMapOnHost() {}

    /**
     * @param visual (N, D) unit rows
     * @param relevance (N) r
     * @param d2 (N) diag(L), as the engine path computes it
     * @return the chosen indices in pick order; -1 from the first step whose largest d^2 is at most
     *     {@link CdPruner#EXHAUSTED} on (the caller fills those by relevance)
     */
    static int[] select(NDArray visual, float[] relevance, float[] d2, int budget) {
        int n = relevance.length;
        float[] s = HostGram.of(visual); // (N, N) cosine similarity
        float[][] c = new float[budget][]; // (B, N) Cholesky-like rows
        int[] chosen = new int[budget];
        java.util.Arrays.fill(chosen, -1);
        for (int i = 0; i < budget; i++) {
            int j = argMax(d2);
            float dj = d2[j];
            if (!(dj > CdPruner.EXHAUSTED)) {
                break;
            }
            chosen[i] = j;
            float rj = relevance[j];
            float sqrtDj = (float) Math.sqrt(dj);
            float[] e = new float[n];
            int row = j * n;
            for (int t = 0; t < n; t++) {
                e[t] = s[row + t] * relevance[t] * rj;
            }
            for (int p = 0; p < i; p++) { // e -= c_j^T C, accumulated over the earlier rows
                float cpj = c[p][j];
                float[] cp = c[p];
                for (int t = 0; t < n; t++) {
                    e[t] -= cpj * cp[t];
                }
            }
            for (int t = 0; t < n; t++) {
                e[t] /= sqrtDj;
                d2[t] -= e[t] * e[t];
            }
            c[i] = e;
            d2[j] = Float.NEGATIVE_INFINITY;
        }
        return chosen;
    }

    /** First index of the maximum (torch.argmax's tie rule). */
    private static int argMax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
