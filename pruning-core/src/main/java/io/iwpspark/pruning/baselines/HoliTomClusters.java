package io.iwpspark.pruning.baselines;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * HoliTom's spatial merge of a window's static tokens (cokeshao/HoliTom e9b2972, holitom/llava_arch.py
 * {@code cluster_dpc_knn} + {@code merge_tokens_by_clustering}, on the host: R is at most one frame's patches).
 *
 * <p>For R tokens of width C: dist(i, j) = ||x_i - x_j|| / sqrt(C); density_i = exp(-mean of dist^2 to
 * its k nearest tokens, itself included); delta_i = the distance to the nearest strictly denser token (the
 * largest distance of the matrix when there is none; of equal densities the lower index counts as denser); the
 * m tokens of largest delta * density are the
 * centres, taken in index order. Every other token joins its nearest centre (ties: the earlier centre); a
 * centre with members becomes beta * centre + (1 - beta) * mean(members), one without stays as it is (the
 * official default: merge_tokens_by_clustering reads NO_BETA with default "0", the Beta mix, although the
 * parameter log prints NO_BETA's default as "1").
 * Deviation: the official code adds uniform noise of up to 1e-6 to the densities to break ties at random;
 * here the lower index is denser (mutual nearest neighbours tie exactly when k = 2, and with k = 1 every density
 * is 1) and equal scores go to the lower index.
 */
final class HoliTomClusters {
    private HoliTomClusters() {}

    /**
     * (m, C) row-major merged tokens of x (R, C), centres in ascending index order.
     *
     * @param k neighbours in the density (the official min(K, m))
     */
    static float[] merge(float[] x, int r, int c, int m, int k, double beta) {
        double[] dist = new double[r * r];
        double max = 0;
        for (int i = 0; i < r; i++) {
            for (int j = i + 1; j < r; j++) { // symmetric, 0 on the diagonal
                double s = 0;
                for (int d = 0; d < c; d++) {
                    double diff = (double) x[i * c + d] - x[j * c + d];
                    s += diff * diff;
                }
                dist[i * r + j] = Math.sqrt(s) / Math.sqrt(c);
                dist[j * r + i] = dist[i * r + j];
                max = Math.max(max, dist[i * r + j]);
            }
        }
        double[] density = new double[r];
        for (int i = 0; i < r; i++) {
            double[] row = Arrays.copyOfRange(dist, i * r, (i + 1) * r);
            Arrays.sort(row);
            double sq = 0;
            for (int j = 0; j < k; j++) {
                sq += row[j] * row[j];
            }
            density[i] = Math.exp(-sq / k);
        }
        double[] score = new double[r];
        for (int i = 0; i < r; i++) {
            double delta = max;
            for (int j = 0; j < r; j++) {
                if (density[j] > density[i] || density[j] == density[i] && j < i) {
                    delta = Math.min(delta, dist[i * r + j]);
                }
            }
            score[i] = delta * density[i];
        }
        int[] centres = IntStream.range(0, r).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparingInt(i -> i))
                .limit(m).mapToInt(Integer::intValue).sorted().toArray();
        return mergeInto(x, c, centres, dist, r, beta);
    }

    /** Each non-centre to its nearest centre, then beta * centre + (1 - beta) * mean of its members. */
    private static float[] mergeInto(float[] x, int c, int[] centres, double[] dist, int r, double beta) {
        int m = centres.length;
        boolean[] isCentre = new boolean[r];
        for (int t : centres) {
            isCentre[t] = true;
        }
        double[] sums = new double[m * c];
        int[] members = new int[m];
        for (int i = 0; i < r; i++) {
            if (isCentre[i]) {
                continue;
            }
            int best = 0;
            for (int t = 1; t < m; t++) {
                if (dist[i * r + centres[t]] < dist[i * r + centres[best]]) {
                    best = t;
                }
            }
            members[best]++;
            for (int d = 0; d < c; d++) {
                sums[best * c + d] += x[i * c + d];
            }
        }
        float[] out = new float[m * c];
        for (int t = 0; t < m; t++) {
            for (int d = 0; d < c; d++) {
                double centre = x[centres[t] * c + d];
                out[t * c + d] = (float) (members[t] == 0 ? centre
                        : beta * centre + (1 - beta) * sums[t * c + d] / members[t]);
            }
        }
        return out;
    }
}
