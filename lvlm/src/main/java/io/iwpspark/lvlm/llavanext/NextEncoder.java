package io.iwpspark.lvlm.llavanext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.anyres.CropGrid;
import io.iwpspark.lvlm.anyres.PackedRows;
import io.iwpspark.lvlm.anyres.Packing;
import io.iwpspark.lvlm.anyres.Unpad;
import io.iwpspark.lvlm.llava.Projector;
import io.iwpspark.lvlm.nn.Scope;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.lvlm.vision.ClipVisionTower;
import io.iwpspark.lvlm.vision.VisionOutput;

/**
 * Tiles -> CLIP tower on every tile -> projector on every tile token -> packing, as
 * LlavaNextModel.get_image_features and pack_image_features (transformers 5.24) do: the projector runs
 * on all crop tokens before unpadding; the packed rows are the base tile's tokens, then the joined crop
 * map (unpadded, one image_newline after each row) or, with unpadding off, the whole map without
 * newlines (the original LLaVA "spatial" merge, 2880 tokens for a 2 x 2 grid of 336 px crops).
 */
public final class NextEncoder {
    private final LlavaNextConfig cfg;
    private final ClipVisionTower tower;
    private final Projector projector;
    private final NDArray imageNewline; // (D)

    public NextEncoder(LlavaNextConfig cfg, ClipVisionTower tower, Projector projector, NDArray imageNewline) {
        this.cfg = cfg;
        this.tower = tower;
        this.projector = projector;
        this.imageNewline = imageNewline;
    }

    /** The packing order of an image's tiles (base rows first, {@link Packing#NEWLINE} for image_newline rows). */
    static int[] order(int g, CropGrid grid, boolean unpad) {
        Unpad.Window window = unpad ? Unpad.window(grid.image(), grid.rows() * g, grid.cols() * g)
                : Unpad.Window.full(grid.rows() * g, grid.cols() * g);
        return Packing.order(g, grid.rows(), grid.cols(), window, unpad);
    }

    /**
     * @param m the sample's manager
     * @param pixels (tiles * 3 * S * S) normalised pixel values of one image
     */
    public VisualTokens encode(NDManager m, NextImageProcessor.Pixels pixels, DataType dtype, boolean unpad) {
        int side = cfg.base().vision().imageSize();
        int tiles = pixels.tiles();
        long expected = (long) tiles * 3 * side * side;
        if (pixels.values().length != expected) {
            throw new IllegalArgumentException("pixel values must hold " + tiles + " tiles of 3x" + side + "x" + side
                    + " = " + expected + " floats, found " + pixels.values().length);
        }
        int[] order = order(cfg.grid(), pixels.grid(), unpad);
        try (Scope scope = Scope.open(m)) {
            NDManager s = scope.manager();
            NDArray input = s.create(pixels.values(), new Shape(tiles, 3, side, side)).toType(dtype, false);
            VisionOutput out = tower.forward(input);
            NDArray features = out.features(); // (tiles, g*g, Dv * k)
            long rows = features.getShape().get(0) * features.getShape().get(1);
            NDArray flat = features.reshape(rows, features.getShape().get(2));
            NDArray projected = projector.apply(flat); // (tiles * g*g, D): every crop token, before unpadding
            NDArray packedFeatures = scope.keep(PackedRows.gather(s, flat, null, order));
            NDArray packedProjected = scope.keep(PackedRows.gather(s, projected, imageNewline, order));
            NDArray cls = out.clsAttention() == null ? null
                    : scope.keep(PackedRows.gather(s, out.clsAttention().reshape(rows, 1), null, order).reshape(order.length));
            NDArray keys = out.keys() == null ? null
                    : scope.keep(PackedRows.gather(s, out.keys().reshape(rows, out.keys().getShape().get(2)), null, order));
            NDArray att = out.visionAttention() == null ? null
                    : scope.keep(PackedRows.gather(s, out.visionAttention().reshape(rows, 1), null, order).reshape(order.length));
            return new VisualTokens(packedFeatures, packedProjected, cls, keys, 1, 0, 0, tiles, att);
        }
    }
}
