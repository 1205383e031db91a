package io.iwpspark.pruning.iwp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * PC-MMR's duplication blocks (the lazy refresh: max over admitted columns of dup(stale rows, j); the
 * guard's pool x pool block) with the arithmetic of {@link IwpScores#duplication} (the same
 * {@link IwpScores#pairs} on the same values) but without its costs that are not arithmetic: the
 * admitted tokens' columns are copied once, at admission, into (G, B, d) arrays that every later
 * block slices (a view), and rows are copied on the host, d floats per group and token, from direct
 * views of the (G, N, d) arrays into a direct buffer that becomes the (G, r, d) operand without a
 * copy. PyTorch's advanced indexing along the middle axis (the path {@code duplication} takes) moved
 * these rows at about 1 GB/s and took 40% of a selection (docs/PERFORMANCE.md). The unit values
 * u = unitScale v are made per copied row, so the (G, N, d) u is never built on this path.
 *
 * <p>No extra copy of the (G, N, d) arrays: the host views share their memory. Close to free the
 * admitted set.
 *
 * <p>Small inputs ({@code G N^2 d <= }{@link #HOST_MATRIX_WORK}, e.g. a tiny model's 144 tokens) take a
 * different route to the same numbers: the whole (N, N) matrix of {@link IwpScores#duplication} comes to the
 * host once and every block is read from it, since there a block's dozen native calls cost more than its
 * arithmetic. The entries are those of the eager path's (N, c) blocks, so the selections do not change
 * (PcMmrTest checks both routes, token for token).
 */
final class DuplicationBlocks implements AutoCloseable {
    private final IwpScores scores;
    private final NDManager manager;
    private final int n;
    private final int groups;
    private final int dim;
    private final int budget;
    private FloatBuffer v; // (G, N, d) view of the values; made at first use
    private FloatBuffer unitScale; // (G, N) view: u_i^h = unitScale v_i^h
    private FloatBuffer k; // (G, N, d) view of the key factors
    private FloatBuffer half; // (G, N) view of the key halves; null under LINEAR
    private ByteBuffer rowsV; // scratch (G, r, d)
    private ByteBuffer rowsScale; // scratch (G, r)
    private ByteBuffer rowsK; // scratch (G, r, d)
    private ByteBuffer rowsHalf; // scratch (G, r)
    private IwpScores.Block admitted; // (G, B, d) u, (G, B, d) scaled keys, (G, B) halves, the first taken filled; made at first use
    private int taken;
    /** The most multiply-adds (G N^2 d) of the whole matrix for the host route. */
    static final long HOST_MATRIX_WORK = 1L << 23;
    private final boolean host; // the host route: every block read from matrix
    private float[] matrix; // host route: (N, N) dup(i, j) row-major; made at first use
    private final int[] admittedTokens; // host route: (B) the admitted tokens, in admission order

    /** For a selection of at most budget tokens; nothing is allocated before the first use. */
    DuplicationBlocks(IwpScores scores, int budget) {
        this(scores, budget, hostRoute(scores.keyFactor().getShape()));
    }

    /** Whether the whole (N, N) matrix is cheap enough to bring to the host: G N^2 d <= {@link #HOST_MATRIX_WORK}. */
    static boolean hostRoute(Shape keys) {
        return keys.get(0) * keys.get(1) * keys.get(1) * keys.get(2) <= HOST_MATRIX_WORK;
    }

    /** The same blocks with the route chosen (tests force either). */
    DuplicationBlocks(IwpScores scores, int budget, boolean host) {
        this.scores = scores;
        NDArray keys = scores.keyFactor();
        this.manager = keys.getManager().newSubManager();
        Shape shape = keys.getShape();
        this.groups = (int) shape.get(0);
        this.n = (int) shape.get(1);
        this.dim = (int) shape.get(2);
        this.budget = budget;
        this.host = host;
        this.admittedTokens = new int[budget];
    }

    /** The (N, N) matrix on the host route (made at first use), else null. */
    float[] matrix() {
        if (host && matrix == null) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            try (NDManager m = manager.newSubManager()) {
                matrix = scores.duplication(all, m).toFloatArray();
            }
        }
        return matrix;
    }

    /** A float view of a float32 array's memory (a copy only if it is not contiguous). */
    private static FloatBuffer view(NDArray a) {
        return a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * The tokens as rows of {@link IwpScores#pairs} (keys unscaled), copied on the host into the
     * scratch buffers: valid until the next call.
     */
    private IwpScores.Block rows(int[] tokens, NDManager m) {
        if (v == null) {
            v = view(scores.values());
            unitScale = view(scores.unitScale());
            k = view(scores.keyFactor());
            half = scores.keySquaredHalf() == null ? null : view(scores.keySquaredHalf());
        }
        int r = tokens.length;
        rowsV = fill(rowsV, v, tokens, dim);
        rowsScale = fill(rowsScale, unitScale, tokens, 1);
        rowsK = fill(rowsK, k, tokens, dim);
        NDArray rowHalf = null;
        if (half != null) {
            rowsHalf = fill(rowsHalf, half, tokens, 1);
            rowHalf = m.create(rowsHalf, new Shape(groups, r), DataType.FLOAT32);
        }
        // u = unitScale v: the float32 products IwpScores.weightedUnitValues holds, for these rows only
        NDArray rowU = m.create(rowsV, new Shape(groups, r, dim), DataType.FLOAT32)
                .mul(m.create(rowsScale, new Shape(groups, r), DataType.FLOAT32).expandDims(2));
        return new IwpScores.Block(rowU,
                m.create(rowsK, new Shape(groups, r, dim), DataType.FLOAT32), rowHalf);
    }

    /** The same tokens as columns: the EXP column scale on the keys, as {@link IwpScores#gather} applies it. */
    private IwpScores.Block asColumns(IwpScores.Block rows) {
        return scores.kernel() == Kernel.EXP ? new IwpScores.Block(rows.u(), rows.k().mul(scores.keyColumnScale()), rows.half())
                : rows;
    }

    /**
     * (t - from, t) dup(tokens[from + a], tokens[b]) row-major: {@link IwpScores#duplication} of those
     * rows and columns without its gathers (the tokens are copied once, for both sides).
     */
    float[] duplicationAmong(int[] tokens, int from) {
        float[] whole = matrix();
        if (whole != null) {
            int t = tokens.length;
            float[] out = new float[(t - from) * t];
            for (int a = from; a < t; a++) {
                int row = tokens[a] * n;
                for (int b = 0; b < t; b++) {
                    out[(a - from) * t + b] = whole[row + tokens[b]];
                }
            }
            return out;
        }
        try (NDManager block = manager.newSubManager()) {
            IwpScores.Block all = rows(tokens, block);
            IwpScores.Block r = all;
            if (from > 0) {
                NDIndex tail = new NDIndex(":, {}:, :", from);
                r = new IwpScores.Block(all.u().get(tail), all.k().get(tail),
                        all.half() == null ? null : all.half().get(new NDIndex(":, {}:", from)));
            }
            return scores.pairs(r, asColumns(all)).toFloatArray();
        }
    }

    /** Adds the tokens admitted in a round to the column set, in admission order. */
    void admit(int[] tokens) {
        if (taken + tokens.length > budget) {
            throw new IllegalArgumentException("admitted tokens must stay within the budget " + budget + ", found "
                    + (taken + tokens.length));
        }
        if (host) {
            System.arraycopy(tokens, 0, admittedTokens, taken, tokens.length);
            taken += tokens.length;
            return;
        }
        try (NDManager block = manager.newSubManager()) {
            if (admitted == null) {
                admitted = new IwpScores.Block(manager.zeros(new Shape(groups, budget, dim)),
                        manager.zeros(new Shape(groups, budget, dim)),
                        scores.keySquaredHalf() == null ? null : manager.zeros(new Shape(groups, budget)));
            }
            IwpScores.Block add = asColumns(rows(tokens, block));
            NDIndex slot = new NDIndex(":, {}:{}, :", taken, taken + tokens.length);
            admitted.u().set(slot, add.u());
            admitted.k().set(slot, add.k());
            if (add.half() != null) {
                admitted.half().set(new NDIndex(":, {}:{}", taken, taken + tokens.length), add.half());
            }
            taken += tokens.length;
        }
    }

    /** max over the admitted tokens from .. to-1 (admission order) of dup(rows[t], j), for each t. */
    float[] maxDuplication(int[] rows, int from, int to) {
        if (from < 0 || to > taken || from >= to) {
            throw new IllegalArgumentException("admitted range must lie in [0, " + taken + "), found " + from + ".." + to);
        }
        float[] whole = matrix();
        if (whole != null) {
            return maxOver(whole, rows, admittedTokens, from, to);
        }
        try (NDManager block = manager.newSubManager()) {
            IwpScores.Block rowBlock = rows(rows, block);
            block.tempAttachAll(admitted.u(), admitted.k());
            NDArray colHalf = null;
            if (admitted.half() != null) {
                block.tempAttachAll(admitted.half());
                colHalf = admitted.half().get(new NDIndex(":, {}:{}", from, to)); // (G, c) view
            }
            NDIndex range = new NDIndex(":, {}:{}, :", from, to);
            IwpScores.Block colBlock = new IwpScores.Block(admitted.u().get(range), admitted.k().get(range), colHalf);
            return scores.pairs(rowBlock, colBlock).max(new int[] {1}).toFloatArray(); // (r)
        }
    }

    /** max over cols[from .. to) of matrix[row][col], for each row (as torch's max: NaN wins). */
    float[] maxOver(float[] all, int[] rows, int[] cols, int from, int to) {
        float[] out = new float[rows.length];
        for (int t = 0; t < rows.length; t++) {
            int row = rows[t] * n;
            float best = Float.NEGATIVE_INFINITY;
            for (int j = from; j < to; j++) {
                float x = all[row + cols[j]];
                if (x > best || Float.isNaN(x)) {
                    best = x;
                    if (Float.isNaN(x)) {
                        break;
                    }
                }
            }
            out[t] = best;
        }
        return out;
    }

    /**
     * The (G, rows, width) gather of a (G, N, width) view into a direct scratch buffer (grown when too
     * small); the buffer, positioned at 0 and limited to the gathered floats.
     */
    private ByteBuffer fill(ByteBuffer scratch, FloatBuffer src, int[] rows, int width) {
        int floats = groups * rows.length * width;
        if (scratch == null || scratch.capacity() < 4 * floats) {
            scratch = ByteBuffer.allocateDirect(4 * Math.max(floats, groups * 64 * width)).order(ByteOrder.nativeOrder());
        }
        FloatBuffer dst = scratch.clear().asFloatBuffer();
        for (int h = 0, at = 0; h < groups; h++) {
            long base = (long) h * n;
            for (int row : rows) {
                dst.put(at, src, (int) ((base + row) * width), width);
                at += width;
            }
        }
        return scratch.clear().limit(4 * floats);
    }

    @Override
    public void close() {
        manager.close();
    }
}
