package io.iwpspark.pruning;

/** Deterministic top-k on host arrays: higher score first, ties broken by the lower index. */
public final class Ranking {
    private Ranking() {}

    /**
     * Indices of the {@code k} highest scores among those not excluded, in rank order (best first).
     * NaN ranks below every number. O(N log k): a bounded min-heap of the best k seen.
     *
     * @param scores (N) scores
     * @param excluded (N) true where a token may not be chosen, or null
     */
    public static int[] topK(float[] scores, boolean[] excluded, int k) {
        int n = scores.length;
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, found " + k);
        }
        int[] heap = new int[k]; // heap[0] is the worst of the best k so far
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (excluded != null && excluded[i]) {
                continue;
            }
            if (size < k) {
                heap[size] = i;
                siftUp(scores, heap, size++);
            } else if (k > 0 && better(scores, i, heap[0])) {
                heap[0] = i;
                siftDown(scores, heap, 0, size);
            }
        }
        if (size < k) {
            throw new IllegalArgumentException("asked for the top " + k + " of " + size + " candidates");
        }
        int[] top = new int[k];
        for (int end = k - 1; end >= 0; end--) { // pop the worst into the last free place
            top[end] = heap[0];
            heap[0] = heap[end];
            siftDown(scores, heap, 0, end);
        }
        return top;
    }

    /** {@link #topK} sorted ascending by index (the order tokens keep in the sequence). */
    public static int[] topKSorted(float[] scores, int k) {
        int[] top = topK(scores, null, k);
        java.util.Arrays.sort(top);
        return top;
    }

    /** True when token a ranks above token b. */
    static boolean better(float[] s, int a, int b) {
        boolean na = Float.isNaN(s[a]);
        boolean nb = Float.isNaN(s[b]);
        if (na != nb) {
            return nb;
        }
        if (!na && s[a] != s[b]) {
            return s[a] > s[b];
        }
        return a < b;
    }

    private static void siftUp(float[] s, int[] heap, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!better(s, heap[parent], heap[i])) {
                return;
            }
            swap(heap, i, parent);
            i = parent;
        }
    }

    private static void siftDown(float[] s, int[] heap, int i, int size) {
        while (true) {
            int worst = i;
            int l = 2 * i + 1;
            int r = l + 1;
            if (l < size && better(s, heap[worst], heap[l])) {
                worst = l;
            }
            if (r < size && better(s, heap[worst], heap[r])) {
                worst = r;
            }
            if (worst == i) {
                return;
            }
            swap(heap, i, worst);
            i = worst;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
