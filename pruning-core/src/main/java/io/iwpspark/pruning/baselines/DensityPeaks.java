package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.Ranking;

/**
 * Density-peaks clustering with k nearest neighbours (DPC-KNN) and mean merging, as SparseVLM's
 * {@code cluster_and_merge} (Gumpest/SparseVLMs, llava/model/language_model/utils.py).
 *
 * <p>For R tokens of width C: dist(i, j) = ||x_i - x_j|| / sqrt(C); density_i = exp(-mean of dist^2
 * to its m nearest tokens, itself included); delta_i = the distance to the nearest denser token (the
 * largest distance of the matrix for the densest); the m tokens of largest delta * density are the
 * centres (ties: lower index); every token joins its nearest centre (ties: the earlier centre), each
 * centre itself; a merged token is the mean of its cluster. Deviations: the official code adds uniform
 * noise of 1e-6 to the densities to break ties at random and divides by (count + 1e-6); we break equal
 * densities by index (the lower index counts as denser) and divide by the count. Distances come from
 * Gram products with the diagonal set to 0, which avoids the (R, R, C) difference tensor.
 */
final class DensityPeaks {
    private DensityPeaks() {}

    /** (m, C): the merged tokens of x (R, C), centres in order of decreasing score. */
    static NDArray clusterAndMerge(NDArray x, int m) {
        int r = (int) x.getShape().get(0);
        long width = x.getShape().get(1);
        NDArray xf = x.toType(DataType.FLOAT32, false); // (R, C)
        NDArray sq = xf.square().sum(new int[] {1}); // (R)
        NDArray gram = xf.matMul(xf.transpose()); // (R, R)
        NDArray d2 = sq.reshape(r, 1).add(sq.reshape(1, r)).sub(gram.mul(2f)).maximum(0f); // (R, R)
        NDArray eye = x.getManager().eye(r).toType(DataType.BOOLEAN, false); // (R, R)
        d2 = NDArrays.where(eye, d2.zerosLike(), d2);
        NDArray dist = d2.sqrt().div((float) Math.sqrt(width)); // (R, R)
        NDArray nearest = dist.sort(1).get(":, 0:" + m); // (R, m)
        NDArray density = nearest.square().mean(new int[] {1}).neg().exp(); // (R)
        // denser(i, j): token j is denser than token i (equal densities: the lower index is denser)
        NDArray di = density.reshape(r, 1);
        NDArray dj = density.reshape(1, r);
        NDArray idx = x.getManager().arange(0, r, 1, DataType.INT64);
        NDArray lower = idx.reshape(1, r).lt(idx.reshape(r, 1)); // (R, R) j < i
        NDArray denser = dj.gt(di).logicalOr(dj.eq(di).logicalAnd(lower)); // (R, R)
        NDArray distMax = dist.max(); // ()
        NDArray delta = NDArrays.where(denser, dist, distMax.broadcast(new Shape(r, r))).min(new int[] {1}); // (R)
        float[] score = delta.mul(density).toFloatArray(); // (R)
        int[] centres = Ranking.topK(score, null, m);
        NDArray centreIdx = Picks.indices(x.getManager(), centres); // (m)
        long[] assign = dist.get(centreIdx).argMin(0).toLongArray(); // (R) nearest centre per token
        for (int c = 0; c < m; c++) {
            assign[centres[c]] = c;
        }
        float[] oneHot = new float[m * r]; // (m, R)
        int[] counts = new int[m];
        for (int i = 0; i < r; i++) {
            oneHot[(int) assign[i] * r + i] = 1f;
            counts[(int) assign[i]]++;
        }
        float[] inv = new float[m];
        for (int c = 0; c < m; c++) {
            inv[c] = 1f / counts[c];
        }
        NDArray weights = x.getManager().create(oneHot, new Shape(m, r)); // (m, R)
        NDArray scale = x.getManager().create(inv, new Shape(m, 1)); // (m, 1)
        return weights.matMul(xf).mul(scale).toType(x.getDataType(), false); // (m, C)
    }
}
