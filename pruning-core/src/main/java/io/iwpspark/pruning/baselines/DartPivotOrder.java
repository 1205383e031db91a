package io.iwpspark.pruning.baselines;

import java.util.Arrays;

/**
 * The order in which DART's official loop visits its pivots: {@code for item in list(indices_set)} over the
 * set built from the visual pivots' absolute positions (by descending key norm) followed by the text
 * pivots' ({@link CPythonIntSet}).
 */
final class DartPivotOrder {
    private DartPivotOrder() {}

    /**
     * The order in which the official loop visits the pivots, as rows of the (visual pivots, text pivots)
     * concatenation: the iteration order of the CPython set built from their absolute positions.
     */
    static int[] official(int visualStart, int n, int[] visualPivots, int[] textPivots) {
        long[] positions = new long[visualPivots.length + textPivots.length];
        for (int i = 0; i < visualPivots.length; i++) {
            positions[i] = (long) visualStart + visualPivots[i];
        }
        for (int j = 0; j < textPivots.length; j++) {
            positions[visualPivots.length + j] = (long) visualStart + n + textPivots[j];
        }
        long[] visited = CPythonIntSet.of(positions).order();
        int[] rows = new int[visited.length];
        for (int q = 0; q < visited.length; q++) {
            long p = visited[q] - visualStart;
            rows[q] = p < n ? indexOf(visualPivots, (int) p) : visualPivots.length + indexOf(textPivots, (int) (p - n));
        }
        return rows;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        throw new IllegalStateException("pivot " + v + " not among " + Arrays.toString(a));
    }
}
