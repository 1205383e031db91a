package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import io.iwpspark.pruning.Ranking;

/**
 * VisPruner's diverse stage: duplicates are removed from the residual tokens by iterative matching, as the
 * loop in the official {@code encode_images} (Theia-4869/VisPruner llava/model/llava_arch.py, commit aefa01ad).
 *
 * <p>One round over the residual list (R tokens, in its current order): r = min({@value #PER_ROUND}, R - target)
 * tokens go; the even positions form set A and the odd positions set B; each token of A scores its largest
 * cosine with any token of B; A is ordered by that score, highest first, and its first r (the most duplicated)
 * are dropped; the new list is the rest of A in that score order followed by B in its order. Because the order
 * changes, the next round pairs different tokens. Rounds stop when R = target.
 *
 * <p>Deviation: when r exceeds the ceil(R/2) tokens of A (only near the end, with fewer than 16 residual
 * tokens and a target under half of them, e.g. budget 4 at ratio 0.5), the official slice drops all of A and
 * its next round fails (a negative expand size); here all of A is dropped and the rounds go on. For odd R see
 * {@link VisPrunerPruner}.
 */
final class VisPrunerDuplicates {
    /** Tokens dropped per round: a constant of the official loop. */
    static final int PER_ROUND = 8;

    private VisPrunerDuplicates() {}

    /**
     * The {@code target} tokens left of {@code residual}, in the loop's final order.
     *
     * @param unit (N, Dv) float32 unit-norm rows, indexed by the entries of residual
     * @param residual token indices in rank order; its length is at least target
     */
    static int[] remove(NDArray unit, int[] residual, int target) {
        if (target < 0 || target > residual.length) {
            throw new IllegalArgumentException("duplicate removal target must be in [0, " + residual.length
                    + "], found " + target);
        }
        if (target == 0) {
            return new int[0];
        }
        int[] list = residual.clone();
        while (list.length > target) {
            int[] a = alternate(list, 0); // ceil(R/2) tokens
            int[] b = alternate(list, 1); // floor(R/2) >= 1 tokens, since R > target >= 1
            int r = Math.min(Math.min(PER_ROUND, list.length - target), a.length);
            float[] score = bestMatch(unit, a, b);
            int[] byScore = Ranking.topK(score, null, a.length); // positions in a, highest score first
            int[] next = new int[list.length - r];
            for (int k = r; k < a.length; k++) {
                next[k - r] = a[byScore[k]];
            }
            System.arraycopy(b, 0, next, a.length - r, b.length);
            list = next;
        }
        return list;
    }

    /** Every second entry of {@code list} from {@code start}. */
    static int[] alternate(int[] list, int start) {
        int[] out = new int[(list.length - start + 1) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = list[start + 2 * i];
        }
        return out;
    }

    /** (|a|): for each token of a, its largest cosine with a token of b (rows of {@code unit} are unit-norm). */
    private static float[] bestMatch(NDArray unit, int[] a, int[] b) {
        try (Scratch round = Scratch.over(unit)) { // frees this round's (|a|, |b|) matrix at once
            NDArray rowsA = unit.get(Picks.indices(round.manager(), a)); // (|a|, Dv)
            NDArray rowsB = unit.get(Picks.indices(round.manager(), b)); // (|b|, Dv)
            return rowsA.matMul(rowsB.transpose()).max(new int[] {1}).toFloatArray();
        }
    }
}
