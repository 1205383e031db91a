package io.iwpspark.pruning.baselines;

import io.iwpspark.pruning.Ranking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HoliTom outside the LLM on one video's pooled frames, at the official retain ratio (cokeshao/HoliTom
 * e9b2972, holitom/llava_arch.py: the video branch of {@code prepare_inputs_labels_for_multimodal},
 * {@code get_static_dynamic_features}, {@code holitom}, {@code merge_tokens_by_attention_density} with D = 0,
 * {@code merge_tokens_by_density}).
 *
 * <p>After {@link HoliTomSegments} partitions the F frames of S patches, the ratio r becomes
 * r' = min(r / ((F S - reduced) / (F S)), 1), so that r' times the tokens left after temporal merging is r F S.
 * In a window of w > 1 frames each static patch becomes the mean of its w tokens, and those Ns means are merged
 * to round(Ns r') tokens (half to even) by {@link HoliTomClusters} with k = min(K, that count); in every frame of
 * every window the ceil(Nd r') dynamic patches (all S for a window of one frame) with the highest vision
 * attention are kept as they are. The official output per window is its merged static tokens, then each
 * frame's kept tokens in patch order.
 */
final class HoliTomVideo {
    private HoliTomVideo() {}

    /**
     * @param partition the windows chosen
     * @param retain r', the ratio applied within windows
     * @param kept kept tokens, f S + s, ascending
     * @param merged (M, D) row-major static tokens, windows in order
     * @param mergedCount M
     */
    record Result(HoliTomSegments.Partition partition, double retain, int[] kept, float[] merged, int mergedCount) {}

    /**
     * @param x (F, S, D) row-major pooled features
     * @param attention (F, S) vision attention of each token
     */
    static Result reduce(float[] x, float[] attention, int frames, int patches, int width, HoliTomPruner.Config cfg,
            double ratio) {
        double[] sim = HoliTomSegments.similarity(x, frames, patches, width);
        HoliTomSegments.Partition p = HoliTomSegments.select(sim, frames, patches, cfg.tau(), cfg.maxWindow());
        double total = (double) frames * patches;
        double retain = Math.min(ratio / ((total - p.reduced()) / total), 1);
        List<Integer> kept = new ArrayList<>();
        List<float[]> merged = new ArrayList<>();
        for (int[] w : p.windows()) {
            boolean[] still = w[1] > w[0] ? HoliTomSegments.staticMask(sim, patches, w[0], w[1], cfg.tau())
                    : new boolean[patches];
            int[] stat = indices(still, true);
            int[] dyn = indices(still, false);
            if (stat.length > 0) {
                int m = (int) Math.rint(stat.length * retain);
                if (m > 0) {
                    float[] means = means(x, patches, width, w, stat);
                    merged.add(HoliTomClusters.merge(means, stat.length, width, m, Math.min(cfg.k(), m), cfg.beta()));
                }
            }
            int top = (int) Math.ceil(dyn.length * retain);
            for (int f = w[0]; f <= w[1] && top > 0; f++) {
                float[] score = new float[dyn.length];
                for (int i = 0; i < dyn.length; i++) {
                    score[i] = attention[f * patches + dyn[i]];
                }
                for (int i : Ranking.topK(score, null, top)) {
                    kept.add(f * patches + dyn[i]);
                }
            }
        }
        int rows = merged.stream().mapToInt(a -> a.length / width).sum();
        float[] flat = new float[rows * width];
        int at = 0;
        for (float[] a : merged) {
            System.arraycopy(a, 0, flat, at, a.length);
            at += a.length;
        }
        int[] k = kept.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(k);
        return new Result(p, retain, k, flat, rows);
    }

    private static int[] indices(boolean[] mask, boolean value) {
        int n = 0;
        for (boolean b : mask) {
            n += b == value ? 1 : 0;
        }
        int[] out = new int[n];
        int m = 0;
        for (int s = 0; s < mask.length; s++) {
            if (mask[s] == value) {
                out[m++] = s;
            }
        }
        return out;
    }

    /** (Ns, D) each static patch's mean over the window's frames. */
    private static float[] means(float[] x, int patches, int width, int[] window, int[] stat) {
        int w = window[1] - window[0] + 1;
        float[] out = new float[stat.length * width];
        for (int i = 0; i < stat.length; i++) {
            for (int d = 0; d < width; d++) {
                double sum = 0;
                for (int f = window[0]; f <= window[1]; f++) {
                    sum += x[(f * patches + stat[i]) * width + d];
                }
                out[i * width + d] = (float) (sum / w);
            }
        }
        return out;
    }
}
