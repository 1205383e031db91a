package io.iwpspark.lvlm.anyres;

/**
 * The order in which an anyres image's tower tokens reach the decoder, as row indices into the
 * tower output flattened crop by crop: the base image's {@code g * g} tokens are rows {@code [0, g*g)},
 * grid crop k (row-major, k = r * cols + c) holds rows {@code [(1 + k) g*g, (2 + k) g*g)}, each crop's
 * tokens row-major in its own g x g grid.
 *
 * <p>transformers' LlavaNextModel.pack_image_features (5.24) joins the crops into one
 * {@code (rows g) x (cols g)} map, unpads it ({@link Unpad}), appends one image_newline after each map
 * row and puts the base tokens first; {@link #order} gives that order with {@link #NEWLINE} marking each
 * newline. With the whole map as window and no newlines it gives the original LLaVA repository's
 * "spatial" merge (llava/model/llava_arch.py: joined map, no unpadding, no newline), the
 * base-plus-crops layout behind "LLaVA-NeXT uses up to 2880 tokens" (576 + 4 x 576).
 */
public final class Packing {
    /** Marks an image_newline row, which has no tower output. */
    public static final int NEWLINE = -1;

    private Packing() {}

    /**
     * Base tokens, then the window of the joined map row by row, each row followed by
     * {@link #NEWLINE} when {@code newline}.
     *
     * @param g tokens per side of one crop (image_size / patch_size)
     */
    public static int[] order(int g, int rows, int cols, Unpad.Window window, boolean newline) {
        int[] grid = grid(g, rows, cols, window);
        int perRow = window.width() + (newline ? 1 : 0);
        int[] out = new int[g * g + window.height() * perRow];
        for (int i = 0; i < g * g; i++) {
            out[i] = i;
        }
        int o = g * g;
        for (int y = 0; y < window.height(); y++) {
            System.arraycopy(grid, y * window.width(), out, o, window.width());
            o += window.width();
            if (newline) {
                out[o++] = NEWLINE;
            }
        }
        return out;
    }

    /**
     * The window of the joined {@code (rows g) x (cols g)} map of crop tokens, row-major, without base
     * or newlines (a family that resamples the unpadded map, as OneVision's anyres_max_9, starts here).
     */
    public static int[] grid(int g, int rows, int cols, Unpad.Window window) {
        if (g <= 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("tokens per side, rows and cols must be > 0, found " + g + ", " + rows
                    + ", " + cols);
        }
        if (window.top() < 0 || window.left() < 0 || window.top() + window.height() > rows * g
                || window.left() + window.width() > cols * g) {
            throw new IllegalArgumentException("window " + window + " must lie inside the " + rows * g + "x" + cols * g
                    + " map");
        }
        int[] out = new int[window.height() * window.width()];
        int o = 0;
        for (int y = window.top(); y < window.top() + window.height(); y++) {
            for (int x = window.left(); x < window.left() + window.width(); x++) {
                int crop = (y / g) * cols + x / g;
                out[o++] = (1 + crop) * g * g + (y % g) * g + x % g;
            }
        }
        return out;
    }
}
