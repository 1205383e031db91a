package io.iwpspark.pruning;

import java.util.Arrays;

/** Deterministic top-k on host arrays: higher score first, ties broken by the lower index. */
public final class Ranking {
    private Ranking() {}

    /**
     * Indices of the {@code k} highest scores among those not excluded, in rank order (best first).
     * NaN scores are never chosen before a number.
     *
     * @param scores (N) scores
     * @param excluded (N) true where a token may not be chosen, or null
     */
    public static int[] topK(float[] scores, boolean[] excluded, int k) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (excluded == null || !excluded[i]) {
                order[m++] = i;
            }
        }
        if (k > m) {
            throw new IllegalArgumentException("asked for the top " + k + " of " + m + " candidates");
        }
        Integer[] candidates = Arrays.copyOf(order, m);
        Arrays.sort(candidates, (a, b) -> {
            float sa = scores[a];
            float sb = scores[b];
            boolean na = Float.isNaN(sa);
            boolean nb = Float.isNaN(sb);
            if (na != nb) {
                return na ? 1 : -1;
            }
            int c = na ? 0 : Float.compare(sb, sa);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = candidates[i];
        }
        return top;
    }

    /** {@link #topK} sorted ascending by index (the order tokens keep in the sequence). */
    public static int[] topKSorted(float[] scores, int k) {
        int[] top = topK(scores, null, k);
        Arrays.sort(top);
        return top;
    }
}
