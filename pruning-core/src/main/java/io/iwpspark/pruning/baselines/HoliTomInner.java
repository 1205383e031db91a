package io.iwpspark.pruning.baselines;

import io.iwpspark.pruning.Ranking;
import java.util.Arrays;

/**
 * HoliTom's inner-LLM merge: the branch {@code layer_idx == HOLITOM_k} of Qwen2Model_holitom.forward in the official
 * holitom/modeling_qwen2.py (cokeshao/HoliTom, commit e9b2972), on the L visual tokens entering decoder layer k.
 *
 * <ol>
 *   <li>keep the {@link #keep} tokens with the most attention from the last prompt token in layer k - 1 (mean over
 *       heads); ties go to the lower index (torch.topk leaves them unspecified);</li>
 *   <li>every other token, in ascending index order, picks the kept token whose hidden state is most
 *       cosine-similar to its own; similarities come from the hidden states before any folding, and a tie goes to
 *       the kept token ranked first by attention (torch.max returns the first maximum of the topk order); a NaN
 *       similarity counts as the maximum, as torch.max propagates it;</li>
 *   <li>it is folded in as (kept + other) / 2 in float32, one after another, so a kept token that receives m
 *       tokens ends as a weighted mean in which the last folded one weighs 1/2;</li>
 *   <li>the dropped tokens leave the sequence; the kept ones keep their places and position ids.</li>
 * </ol>
 */
final class HoliTomInner {
    private HoliTomInner() {}

    /** @param kept (K) kept token indices, ascending; @param rows (K * D) their new hidden states, row-major */
    record Result(int[] kept, float[] rows, int folded) {}

    /** The official count round(L (1 - r)), rounding half to even as Python's round(), at least 1. */
    static int keep(int tokens, double ratio) {
        return (int) Math.max(1, Math.rint(tokens * (1 - ratio)));
    }

    /**
     * The two keeps (before the decoder, before layer k) whose average visual tokens per decoder layer,
     * (k x + (layers - k) y) / layers, is closest to the budget, the fewer on a tie. Candidates, in rising average:
     * x = 1..N with y = {@link #keep}(x, r) (the official pair), then x = N with y = keep(N, r) + 1 .. N (a budget
     * above what the official ratio reaches at x = N lowers the inner ratio; y = N keeps everything).
     */
    static int[] schedule(int n, int budget, int layers, int layer, double ratio) {
        int[] best = null;
        double bestErr = Double.POSITIVE_INFINITY;
        int top = keep(n, ratio);
        for (int c = 1; c <= n + (n - top); c++) {
            int x = Math.min(c, n);
            int y = c <= n ? Math.min(x, keep(x, ratio)) : top + (c - n);
            double err = Math.abs(((double) layer * x + (double) (layers - layer) * y) / layers - budget);
            if (err < bestErr) {
                best = new int[] {x, y};
                bestErr = err;
            }
        }
        return best;
    }

    /** The kept tokens, in attention order (best first): torch.topk's order, ties to the lower index. */
    static int[] top(float[] attention, int keep) {
        return Ranking.topK(attention, null, keep);
    }

    /**
     * The whole merge on the host (similarities in double).
     *
     * @param x (L * D) hidden states entering layer k, row-major
     * @param attention (L) the last prompt token's attention in layer k - 1, mean over heads
     * @param keep K, the tokens kept (1..L)
     */
    static Result merge(float[] x, float[] attention, int width, int keep) {
        int[] top = top(attention, keep);
        int[] rest = Picks.complement(attention.length, top);
        double[] norm = new double[attention.length];
        for (int i = 0; i < norm.length; i++) {
            double s = 0;
            for (int d = 0; d < width; d++) {
                s += (double) x[i * width + d] * x[i * width + d];
            }
            norm[i] = Math.sqrt(s);
        }
        double[] sim = new double[rest.length * top.length];
        for (int r = 0; r < rest.length; r++) {
            for (int j = 0; j < top.length; j++) {
                double dot = 0;
                for (int d = 0; d < width; d++) {
                    dot += (double) x[rest[r] * width + d] * x[top[j] * width + d];
                }
                sim[r * top.length + j] = dot / (norm[rest[r]] * norm[top[j]]);
            }
        }
        return fold(x, width, top, rest, sim);
    }

    /**
     * Folds every dropped token into its partner.
     *
     * @param x (L * D) hidden states entering layer k, row-major
     * @param top (K) kept tokens in attention order
     * @param rest (M) the other tokens, ascending
     * @param sim (M * K) cosine similarity of rest[r] to top[j], row-major
     */
    static Result fold(float[] x, int width, int[] top, int[] rest, double[] sim) {
        float[] y = x.clone(); // the folded rows; a dropped row is read only from x
        for (int r = 0; r < rest.length; r++) {
            int t = top[partner(sim, r, top.length)];
            int i = rest[r];
            for (int d = 0; d < width; d++) {
                y[t * width + d] = (y[t * width + d] + x[i * width + d]) / 2f;
            }
        }
        int[] kept = top.clone();
        Arrays.sort(kept);
        float[] rows = new float[kept.length * width];
        for (int r = 0; r < kept.length; r++) {
            System.arraycopy(y, kept[r] * width, rows, r * width, width);
        }
        return new Result(kept, rows, rest.length);
    }

    /** Row r's column of highest similarity, the first on ties; a NaN counts as the maximum (torch.max). */
    private static int partner(double[] sim, int r, int k) {
        int best = 0;
        for (int j = 0; j < k; j++) {
            double v = sim[r * k + j];
            if (Double.isNaN(v)) {
                return j;
            }
            if (v > sim[r * k + best]) {
                best = j;
            }
        }
        return best;
    }
}
