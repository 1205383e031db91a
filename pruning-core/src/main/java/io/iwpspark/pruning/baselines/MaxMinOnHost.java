package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;

/**
 * DivPrune's greedy max-min selection over a distance matrix held on the host ({@link HostGram}, N up to
 * {@link HostGram#MAX_TOKENS}). As the official {@code DivPrune} (vbdi/divprune,
 * LLaVA/llava/model/llava_arch.py, commit 799e2d9) the matrix is computed once; each later step then
 * costs O(N) (a running minimum against the newest row).
 */
final class MaxMinOnHost {
    private MaxMinOnHost() {}

    /**
     * @param unit (N, D) unit rows; distance 1 - cos
     * @return the chosen tokens in selection order
     */
    static int[] select(NDArray unit, int keep) {
        int n = (int) unit.getShape().get(0);
        float[] dist = HostGram.of(unit); // (N, N) row-major, turned into 1 - cos in place
        for (int t = 0; t < dist.length; t++) {
            dist[t] = 1f - dist[t];
        }
        int[] chosen = new int[keep];
        chosen[0] = farthestFromNearest(dist, n);
        float[] minDist = new float[n]; // (N) distance to the nearest chosen token, -inf once chosen
        System.arraycopy(dist, chosen[0] * n, minDist, 0, n);
        minDist[chosen[0]] = Float.NEGATIVE_INFINITY;
        for (int t = 1; t < keep; t++) {
            int best = argMax(minDist);
            chosen[t] = best;
            int row = best * n;
            for (int i = 0; i < n; i++) {
                minDist[i] = Math.min(minDist[i], dist[row + i]);
            }
            minDist[best] = Float.NEGATIVE_INFINITY;
        }
        return chosen;
    }

    /** The token whose nearest other token is farthest (diagonal excluded; ties: lower index). */
    private static int farthestFromNearest(float[] dist, int n) {
        float[] nearest = new float[n];
        for (int i = 0; i < n; i++) {
            float m = Float.POSITIVE_INFINITY;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    m = Math.min(m, dist[row + j]);
                }
            }
            nearest[i] = m;
        }
        return argMax(nearest);
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
