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
 * Gram products with the diagonal set to 0, which avoids the (R, R, C) difference tensor, in blocks of
 * {@value #BLOCK} rows: R is about 0.3 N, thousands at video scale, and the R x R matrix is never held.
 */
final class DensityPeaks {
    private DensityPeaks() {}

    /** Rows of the R x R distance matrix computed at once: R may be about 0.3 N (video: thousands). */
    static final int BLOCK = 512;

    /** (m, C): the merged tokens of x (R, C), centres in order of decreasing score. */
    static NDArray clusterAndMerge(NDArray x, int m) {
        return clusterAndMerge(x, m, BLOCK);
    }

    /**
     * As {@link #clusterAndMerge(NDArray, int)} with (block, R) distance blocks: two passes (densities and
     * the largest distance, then delta) and the centres' rows, never the R x R matrix at once.
     */
    static NDArray clusterAndMerge(NDArray x, int m, int block) {
        int r = (int) x.getShape().get(0);
        NDArray xf = x.toType(DataType.FLOAT32, false); // (R, C)
        NDArray sq = xf.square().sum(new int[] {1}); // (R)
        NDArray idx = x.getManager().arange(0, r, 1, DataType.INT64); // (R)
        float[] density = new float[r];
        float distMax = Float.NEGATIVE_INFINITY;
        for (int start = 0; start < r; start += block) {
            int end = Math.min(r, start + block);
            NDArray dist = distanceRows(xf, sq, idx, idx.get(start + ":" + end)); // (b, R)
            NDArray nearest = dist.sort(1).get(":, 0:" + m); // (b, m)
            float[] part = nearest.square().mean(new int[] {1}).neg().exp().toFloatArray(); // (b)
            System.arraycopy(part, 0, density, start, part.length);
            distMax = Math.max(distMax, dist.max().getFloat());
        }
        NDArray dj = x.getManager().create(density).reshape(1, r); // (1, R)
        float[] score = new float[r];
        for (int start = 0; start < r; start += block) {
            int end = Math.min(r, start + block);
            NDArray rows = idx.get(start + ":" + end); // (b)
            NDArray dist = distanceRows(xf, sq, idx, rows); // (b, R)
            // denser(i, j): token j is denser than token i (equal densities: the lower index is denser)
            NDArray di = dj.get(":, " + start + ":" + end).reshape(end - start, 1); // (b, 1)
            NDArray lower = idx.reshape(1, r).lt(rows.reshape(end - start, 1)); // (b, R) j < i
            NDArray denser = dj.gt(di).logicalOr(dj.eq(di).logicalAnd(lower)); // (b, R)
            NDArray delta = NDArrays.where(denser, dist, dist.zerosLike().add(distMax)).min(new int[] {1}); // (b)
            float[] part = delta.mul(di.reshape(end - start)).toFloatArray();
            System.arraycopy(part, 0, score, start, part.length);
        }
        int[] centres = Ranking.topK(score, null, m);
        NDArray centreIdx = Picks.indices(x.getManager(), centres); // (m)
        long[] assign = distanceRows(xf, sq, idx, centreIdx).argMin(0).toLongArray(); // (R) nearest centre per token
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

    /** (b, R): ||x_i - x_j|| / sqrt(C) for the given rows i, from Gram products, 0 on the diagonal. */
    private static NDArray distanceRows(NDArray xf, NDArray sq, NDArray idx, NDArray rows) {
        int r = (int) xf.getShape().get(0);
        int b = (int) rows.getShape().get(0);
        NDArray gram = xf.get(rows).matMul(xf.transpose()); // (b, R)
        NDArray d2 = sq.get(rows).reshape(b, 1).add(sq.reshape(1, r)).sub(gram.mul(2f)).maximum(0f); // (b, R)
        NDArray self = rows.reshape(b, 1).eq(idx.reshape(1, r)); // (b, R)
        d2 = NDArrays.where(self, d2.zerosLike(), d2);
        return d2.sqrt().div((float) Math.sqrt(xf.getShape().get(1))); // (b, R)
    }
}
