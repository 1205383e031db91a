package io.iwpspark.pruning.baselines;

import java.util.ArrayList;
import java.util.List;

/**
 * HoliTom's global temporal segmentation (cokeshao/HoliTom e9b2972, holitom/llava_arch.py
 * {@code select_static_windows} and the similarity in {@code prepare_inputs_labels_for_multimodal}).
 *
 * <p>sim(t, s) is the cosine similarity of patch s in frames t and t + 1. A patch is static over frames
 * [a, e] when sim(t, s) > tau for every t in [a, e); merging it saves (e - a) tokens, so a window [a, e]
 * is worth count(a, e) = (static patches) * (e - a). A dynamic programme over the frames picks the
 * partition into windows of at most maxWindow frames with the largest total saving: best(i) is best(i - 1)
 * (frame i alone) or, for a window [j + 1, i] of 2..maxWindow frames, best(j) + count(j + 1, i); a window
 * replaces the running best only when strictly larger, trying longer windows later.
 */
final class HoliTomSegments {
    private HoliTomSegments() {}

    /** The windows, first frame to last frame inclusive, in order, and the tokens their static patches save. */
    record Partition(List<int[]> windows, double reduced) {}

    /**
     * (F - 1, S) row-major cosine similarity of each patch between consecutive frames.
     *
     * @param x (F, S, D) row-major pooled frame features
     */
    static double[] similarity(float[] x, int frames, int patches, int width) {
        double[] sim = new double[Math.max(0, frames - 1) * patches];
        for (int t = 0; t + 1 < frames; t++) {
            for (int s = 0; s < patches; s++) {
                int a = (t * patches + s) * width;
                int b = ((t + 1) * patches + s) * width;
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int d = 0; d < width; d++) {
                    dot += (double) x[a + d] * x[b + d];
                    na += (double) x[a + d] * x[a + d];
                    nb += (double) x[b + d] * x[b + d];
                }
                // torch normalises with eps 1e-12 and then takes cosine_similarity (eps 1e-8): zero vectors give 0
                double norm = Math.max(Math.sqrt(na), 1e-12) * Math.max(Math.sqrt(nb), 1e-12);
                sim[t * patches + s] = norm == 0 ? 0 : dot / norm;
            }
        }
        return sim;
    }

    /** (S) true where the patch is static over frames [start, end] (end > start). */
    static boolean[] staticMask(double[] sim, int patches, int start, int end, double tau) {
        boolean[] mask = new boolean[patches];
        for (int s = 0; s < patches; s++) {
            boolean all = true;
            for (int t = start; t < end && all; t++) {
                all = sim[t * patches + s] > tau;
            }
            mask[s] = all;
        }
        return mask;
    }

    /** The partition of {@code frames} frames with the largest saving (the official DP and backtrack). */
    static Partition select(double[] sim, int frames, int patches, double tau, int maxWindow) {
        double[][] count = new double[frames][frames];
        for (int a = 0; a < frames; a++) {
            boolean[] alive = new boolean[patches];
            java.util.Arrays.fill(alive, true);
            for (int e = a + 1; e < frames; e++) {
                int n = 0;
                for (int s = 0; s < patches; s++) {
                    alive[s] = alive[s] && sim[(e - 1) * patches + s] > tau;
                    n += alive[s] ? 1 : 0;
                }
                count[a][e] = (double) n * (e - a);
            }
        }
        double[] best = new double[frames];
        int[] first = new int[frames];
        for (int i = 0; i < frames; i++) {
            double max = i > 0 ? best[i - 1] : 0;
            int from = i;
            for (int w = 2; w <= Math.min(i + 1, maxWindow); w++) {
                int j = i - w;
                double v = (j >= 0 ? best[j] : 0) + count[j + 1][i];
                if (v > max) {
                    max = v;
                    from = j + 1;
                }
            }
            best[i] = max;
            first[i] = from;
        }
        List<int[]> windows = new ArrayList<>();
        for (int i = frames - 1; i >= 0; i = first[i] - 1) {
            windows.add(0, new int[] {first[i], i});
        }
        return new Partition(windows, frames == 0 ? 0 : best[frames - 1]);
    }
}
