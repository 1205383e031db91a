package io.iwpspark.pruning.baselines;

import io.iwpspark.pruning.DecodeRule;
import io.iwpspark.pruning.Ranking;
import java.util.Arrays;

/**
 * DyCoke's dynamic KV-cache pruning while decoding: official KD-TAO/DyCoke
 * {@code llava/model/language_model/modeling_qwen2.py}, PrunableDynamicCache.dycoke_pruning and update_cache
 * with the loop of Qwen2Model.forward, commit dd7463498203479d0ff6f2d29c4e72928c0af244.
 *
 * <p>Rule. At each generated token after the first, the token's attention at layer l - 1 (mean over heads) to
 * the visual span is compared by cosine with the previous step's. Below 0.9 (always at the first step), layers
 * l and above attend only the int(n (1 - p)) span entries with the most attention; otherwise that step attends
 * the whole cache. The previous attention is replaced at every step. The span is officially
 * image_token_length = TTM's output less one entries: the last TTM token and the trailing newline lie outside it
 * and are always attended.
 *
 * <p>Deviations. The previous step's attention starts empty for every generation (officially it lives on the
 * model and carries over from the previous sample). Ties go to the lower index.
 *
 * @param layer l (dycoke_l)
 * @param ratio p (dycoke_p), the share of the span left out
 * @param tokensPerFrame T, to find the trailing tokens after TTM's frames
 */
record DyCokeKv(int layer, double ratio, int tokensPerFrame) implements DecodeRule {
    static final double SAME = 0.9; // official: re-select when the cosine falls below

    @Override
    public Steps start(int originalVisual, int visualCount) {
        int span = visualCount - DyCokeFrames.of(originalVisual, tokensPerFrame).trailing() - 1;
        if (span < 1) {
            throw new IllegalArgumentException(DyCokePruner.NAME + " decoding needs a visual span of at least one "
                    + "entry, found " + span + " (visual entries " + visualCount + ")");
        }
        return new Span(span, (int) (span * (1 - ratio)), visualCount);
    }

    /** One generation: the span's length, the entries kept of it, and the previous step's attention. */
    static final class Span implements Steps {
        private final int length;
        private final int keep;
        private final int visualCount;
        private float[] previous;

        Span(int length, int keep, int visualCount) {
            this.length = length;
            this.keep = keep;
            this.visualCount = visualCount;
        }

        @Override
        public int[] select(float[] attention) {
            if (attention.length != visualCount) {
                throw new IllegalArgumentException(DyCokePruner.NAME + " decoding: attention over " + visualCount
                        + " visual entries expected, found " + attention.length);
            }
            float[] span = Arrays.copyOf(attention, length);
            boolean reselect = previous == null || cosine(span, previous) < SAME;
            previous = span;
            if (!reselect) {
                return null;
            }
            int[] top = Ranking.topK(span, null, keep);
            Arrays.sort(top);
            int[] kept = Arrays.copyOf(top, keep + visualCount - length);
            for (int i = length; i < visualCount; i++) {
                kept[keep + i - length] = i;
            }
            return kept;
        }
    }

    /** torch.nn.functional.cosine_similarity of two vectors: each over max(norm, 1e-8), then the dot product. */
    static double cosine(float[] a, float[] b) {
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        na = Math.max(Math.sqrt(na), 1e-8);
        nb = Math.max(Math.sqrt(nb), 1e-8);
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (a[i] / na) * (b[i] / nb);
        }
        return dot;
    }
}
