package io.iwpspark.pruning.baselines;

/**
 * The pooling cells of one gh x gw frame for a budget of b tokens ({@link PoolPruner}'s rule).
 *
 * <p>Rows of cells r = clamp(round(sqrt(b gh / gw)), ceil(b / gw), min(gh, b)): the grid keeps the frame's
 * aspect. Row band i covers patch rows [floor(i gh / r), ceil((i + 1) gh / r)) and holds c_i = floor(b / r)
 * cells, one more for the first b mod r bands; cell j of it covers columns [floor(j gw / c_i),
 * ceil((j + 1) gw / c_i)). These are torch's adaptive_avg_pool2d bins, so when b = r c (b = 144 of 24 x 24:
 * 12 x 12, 2 x 2 average pooling) the result is adaptive_avg_pool2d to r x c; when b does not factor so, the
 * last bands hold one cell fewer, and exactly b tokens result either way.
 */
final class PoolGrid {
    private PoolGrid() {}

    /** The cells in raster order, each {rowFrom, rowTo, colFrom, colTo} (ends exclusive). */
    static int[][] cells(int gh, int gw, int b) {
        if (b < 0 || b > gh * gw) {
            throw new IllegalArgumentException("frame budget must be in [0, " + gh * gw + "], found " + b);
        }
        if (b == 0) {
            return new int[0][];
        }
        int r = (int) Math.round(Math.sqrt((double) b * gh / gw));
        r = Math.max(r, (b + gw - 1) / gw);
        r = Math.max(1, Math.min(r, Math.min(gh, b)));
        int[][] cells = new int[b][];
        int m = 0;
        for (int i = 0; i < r; i++) {
            int c = b / r + (i < b % r ? 1 : 0);
            for (int j = 0; j < c; j++) {
                cells[m++] = new int[] {start(i, gh, r), end(i, gh, r), start(j, gw, c), end(j, gw, c)};
            }
        }
        return cells;
    }

    private static int start(int i, int size, int parts) {
        return (int) ((long) i * size / parts);
    }

    private static int end(int i, int size, int parts) {
        return (int) (((long) (i + 1) * size + parts - 1) / parts);
    }
}
