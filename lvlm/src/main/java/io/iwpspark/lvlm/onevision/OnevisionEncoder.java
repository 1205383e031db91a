package io.iwpspark.lvlm.onevision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.anyres.CropGrid;
import io.iwpspark.lvlm.anyres.Packing;
import io.iwpspark.lvlm.anyres.Size;
import io.iwpspark.lvlm.anyres.Unpad;
import io.iwpspark.lvlm.llava.Projector;
import io.iwpspark.lvlm.nn.Rows;
import io.iwpspark.lvlm.nn.Scope;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.lvlm.vision.SiglipVisionTower;
import io.iwpspark.lvlm.vision.VisionOutput;
import java.util.List;

/**
 * OneVision's visual tokens (transformers 5.24 LlavaOnevisionModel): SigLIP on every crop or frame,
 * the projector on every patch, then per media kind the layout of {@link #video} or {@link #image}.
 *
 * <p>Pruner inputs follow the tokens: the projector runs before pooling and resizing, so a pooled or
 * resized token has no single vision feature; its features and keys are the same bilinear mix of the
 * tower's rows as its embedding is of the projected rows. image_newline tokens carry zero features
 * and keys. SigLIP has no CLS token, so there is no CLS attention; the attention each patch receives (mean over
 * heads and queries) follows the tokens the same way, as a column.
 */
final class OnevisionEncoder {
    private final OnevisionConfig cfg;
    private final SiglipVisionTower tower;
    private final Projector projector;
    private final NDArray newline; // (1, D) image_newline, in the compute dtype
    private final List<Size> pinpoints; // (height, width)

    OnevisionEncoder(OnevisionConfig cfg, SiglipVisionTower tower, Projector projector, NDArray newline) {
        this.cfg = cfg;
        this.tower = tower;
        this.projector = projector;
        this.newline = newline;
        this.pinpoints = cfg.pinpoints().stream().map(p -> new Size(p[0], p[1])).toList();
    }

    SiglipVisionTower tower() {
        return tower;
    }

    /** Tower, then projector, on (F, 3, S, S) pixel values: (F, g*g, Dv) features, (F, g*g, dh) keys, (F, g*g, D) projected. */
    Tower run(NDManager m, float[] pixels, int images, DataType dtype) {
        int side = cfg.vision().imageSize();
        long expected = (long) images * cfg.vision().channels() * side * side;
        if (images < 1 || pixels.length != expected) {
            throw new IllegalArgumentException("pixel values must hold " + images + " picture(s) of "
                    + cfg.vision().channels() + "x" + side + "x" + side + " = " + expected + " floats, found " + pixels.length);
        }
        NDArray input = m.create(pixels, new Shape(images, cfg.vision().channels(), side, side)).toType(dtype, false);
        VisionOutput out = tower.forward(input);
        NDArray attention = out.visionAttention() == null ? null
                : out.visionAttention().reshape(out.visionAttention().getShape().get(0), -1, 1); // (F, g*g, 1)
        return new Tower(out.features(), out.keys(), projector.apply(out.features()), attention);
    }

    /**
     * A video (get_video_features): each frame's projected g x g grid bilinearly pooled to
     * ceil(g/2) x ceil(g/2) (apply_pooling), frames one after another, one image_newline after the last.
     *
     * @param pixels (F, 3, S, S) normalised frames
     */
    VisualTokens video(NDManager parent, float[] pixels, int frames, DataType dtype) {
        try (Scope scope = Scope.open(parent)) {
            NDManager m = scope.manager();
            Tower t = run(m, pixels, frames, dtype);
            int p = cfg.pooledGrid();
            NDArray projected = withNewline(pool(t.projected(), frames, p), newline);
            NDArray features = withNewline(pool(t.features(), frames, p), null);
            NDArray keys = t.keys() == null ? null : withNewline(pool(t.keys(), frames, p), null);
            NDArray att = t.attention() == null ? null : withNewline(pool(t.attention(), frames, p), null);
            // F regular p x p grids, then the newline, which belongs to no frame (N = F p^2 + 1).
            return new VisualTokens(scope.keep(features), scope.keep(projected), null, keys == null ? null : scope.keep(keys),
                    frames, p, p, frames, column(scope, att));
        }
    }

    /**
     * An anyres image (get_image_features + pack_image_features): the base tile's g x g tokens, then the
     * crops' joined map, unpadded, shrunk by the anyres_max_N rule, row by row with one image_newline
     * after each row. With {@code unpad} false, the original LLaVA repository's "spatial" merge instead
     * (llava_arch.py without "unpad" in mm_patch_merge_type): base, then the whole joined map, no
     * unpadding, no shrink, no newline.
     *
     * @param pixels (1 + crops, 3, S, S) normalised tiles, base first
     */
    VisualTokens image(NDManager parent, float[] pixels, CropGrid grid, DataType dtype, boolean unpad) {
        try (Scope scope = Scope.open(parent)) {
            NDManager m = scope.manager();
            int tiles = 1 + grid.crops();
            Tower t = run(m, pixels, tiles, dtype);
            int g = cfg.grid();
            // transformers takes the crop grid as best pinpoint // image_size, the processor's crop side.
            Unpad.Window window = unpad ? Unpad.window(grid.image(), grid.rows() * g, grid.cols() * g)
                    : Unpad.Window.full(grid.rows() * g, grid.cols() * g);
            int[] map = Packing.grid(g, grid.rows(), grid.cols(), window);
            Size out = unpad ? AnyresMax.shrink(new Size(window.height(), window.width()), cfg.maxCrops(), g)
                    : new Size(window.height(), window.width());
            NDArray projected = pack(m, t.projected(), map, window, out, unpad ? newline : null, unpad);
            NDArray features = pack(m, t.features(), map, window, out, null, unpad);
            NDArray keys = t.keys() == null ? null : pack(m, t.keys(), map, window, out, null, unpad);
            NDArray att = t.attention() == null ? null : pack(m, t.attention(), map, window, out, null, unpad);
            int expected = unpad ? AnyresImage.tokens(grid.image(), pinpoints, cfg.vision().imageSize(),
                    cfg.vision().patchSize(), cfg.maxCrops()) : tiles * g * g;
            if (projected.getShape().get(0) != expected) {
                // transformers raises the same way when features and expanded image tokens disagree.
                throw new IllegalStateException("packed " + projected.getShape().get(0) + " image rows but the processor's "
                        + "count for an image of " + grid.image() + " is " + expected);
            }
            return new VisualTokens(scope.keep(features), scope.keep(projected), null, keys == null ? null : scope.keep(keys),
                    1, 0, 0, tiles, column(scope, att));
        }
    }

    /**
     * (1 + crops, g*g, C) per-tile rows -> base rows, then the map's rows (resized to out), each closed by a
     * newline ({@code newline} (1, C), zeros when null) when {@code newlines}.
     */
    private NDArray pack(NDManager m, NDArray perTile, int[] map, Unpad.Window window, Size out, NDArray newline,
            boolean newlines) {
        long c = perTile.getShape().get(2);
        int g = cfg.grid();
        NDArray rows = perTile.reshape(perTile.getShape().get(0) * g * g, c);
        NDArray base = Rows.range(m, rows, 0, g * g);
        NDArray x = Rows.take(m, rows, map).reshape(1, window.height(), window.width(), c);
        if (out.height() != window.height() || out.width() != window.width()) {
            x = Bilinear.resize(x, out.height(), out.width());
        }
        if (!newlines) {
            return base.concat(x.reshape((long) out.height() * out.width(), c), 0);
        }
        NDArray ends = m.zeros(new Shape(out.height(), 1, c), rows.getDataType());
        if (newline != null) {
            ends.addi(newline);
        }
        NDArray laid = x.reshape(out.height(), out.width(), c).concat(ends, 1).reshape((long) out.height() * (out.width() + 1), c);
        return base.concat(laid, 0);
    }

    /**
     * Several images shown together (pack_image_features with one tile each): every image's g x g base
     * tokens followed by one image_newline, images in order.
     *
     * @param pixels (N, 3, S, S) normalised squares
     */
    VisualTokens images(NDManager parent, float[] pixels, int images, DataType dtype) {
        try (Scope scope = Scope.open(parent)) {
            NDManager m = scope.manager();
            Tower t = run(m, pixels, images, dtype);
            NDArray projected = closeEach(m, t.projected(), newline);
            NDArray features = closeEach(m, t.features(), null);
            NDArray keys = t.keys() == null ? null : closeEach(m, t.keys(), null);
            NDArray att = t.attention() == null ? null : closeEach(m, t.attention(), null);
            return new VisualTokens(scope.keep(features), scope.keep(projected), null, keys == null ? null : scope.keep(keys),
                    images, 0, 0, images, column(scope, att));
        }
    }

    /** (N, T, C) -> (N * (T + 1), C): each image's rows closed by {@code row} (1, C), or zeros when null. */
    private static NDArray closeEach(NDManager m, NDArray perImage, NDArray row) {
        long n = perImage.getShape().get(0);
        long c = perImage.getShape().get(2);
        NDArray ends = m.zeros(new Shape(n, 1, c), perImage.getDataType());
        if (row != null) {
            ends.addi(row);
        }
        return perImage.concat(ends, 1).reshape(n * (perImage.getShape().get(1) + 1), c);
    }

    /** (F, g*g, C) -> (F * p * p, C): each frame's grid resized to p x p. */
    private NDArray pool(NDArray x, int frames, int p) {
        int g = cfg.grid();
        long c = x.getShape().get(2);
        return Bilinear.resize(x.reshape(frames, g, g, c), p, p).reshape((long) frames * p * p, c);
    }

    /** Appends one row: {@code row} (1, C), or zeros when null (the result lives in rows' manager). */
    private static NDArray withNewline(NDArray rows, NDArray row) {
        NDArray extra = row != null ? row : rows.getManager().zeros(new Shape(1, rows.getShape().get(1)), rows.getDataType());
        return rows.concat(extra, 0);
    }

    /** (N, 1) -> (N) float32, kept past the scope; null stays null. */
    private static NDArray column(Scope scope, NDArray att) {
        return att == null ? null : scope.keep(att.reshape(att.getShape().get(0)).toType(DataType.FLOAT32, false));
    }

    /** What the tower and projector give for a batch of crops or frames; attention (F, g*g, 1) or null. */
    record Tower(NDArray features, NDArray keys, NDArray projected, NDArray attention) {}
}
