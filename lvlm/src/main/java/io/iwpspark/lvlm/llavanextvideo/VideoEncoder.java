package io.iwpspark.lvlm.llavanextvideo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.llava.Projector;
import io.iwpspark.lvlm.nn.Scope;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.lvlm.vision.ClipVisionTower;
import io.iwpspark.lvlm.vision.VisionOutput;

/**
 * A video as LlavaNextVideoModel.get_video_features (transformers 5.24) makes it: every frame through the
 * CLIP tower, the selected layer(s) without the CLS row, each frame's g x g grid pooled by
 * LlavaNextVideoPooler (s x s windows, stride s, average or max), then the projector on the pooled rows;
 * frames one after another, no image_newline (transformers adds none to videos).
 *
 * <p>The tokens are F regular (g/s) x (g/s) grids. Pruner inputs follow them: a pooled token's vision
 * feature is exactly the projector's input; its CLS attention and keys are pooled the same way.
 */
final class VideoEncoder {
    private final NextVideoConfig cfg;
    private final ClipVisionTower tower;
    private final Projector projector;

    VideoEncoder(NextVideoConfig cfg, ClipVisionTower tower, Projector projector) {
        this.cfg = cfg;
        this.tower = tower;
        this.projector = projector;
    }

    /** @param pixels (F, 3, S, S) normalised frames */
    VisualTokens encode(NDManager parent, float[] pixels, int frames, DataType dtype) {
        int side = cfg.base().vision().imageSize();
        long expected = (long) frames * 3 * side * side;
        if (frames < 1 || pixels.length != expected) {
            throw new IllegalArgumentException("pixel values must hold " + frames + " frame(s) of 3x" + side + "x" + side
                    + " = " + expected + " floats, found " + pixels.length);
        }
        try (Scope scope = Scope.open(parent)) {
            NDManager m = scope.manager();
            VisionOutput out = tower.forward(m.create(pixels, new Shape(frames, 3, side, side)).toType(dtype, false));
            NDArray features = pool(out.features(), frames);
            NDArray projected = projector.apply(features);
            NDArray cls = out.clsAttention() == null ? null
                    : pool(out.clsAttention().reshape(frames, -1, 1), frames).reshape(-1);
            NDArray keys = out.keys() == null ? null : pool(out.keys(), frames);
            NDArray att = out.visionAttention() == null ? null
                    : pool(out.visionAttention().reshape(frames, -1, 1), frames).reshape(-1);
            int p = cfg.pooledGrid();
            return new VisualTokens(scope.keep(features), scope.keep(projected), cls == null ? null : scope.keep(cls),
                    keys == null ? null : scope.keep(keys), frames, p, p, frames, att == null ? null : scope.keep(att));
        }
    }

    /** (F, g*g, C) per-frame rows -> (F * p*p, C): s x s windows, the ragged edge dropped (p = g / s). */
    NDArray pool(NDArray rows, int frames) {
        int g = cfg.next().grid();
        int s = cfg.poolStride();
        int p = g / s;
        long c = rows.getShape().get(2);
        NDArray grid = rows.reshape(frames, g, g, c);
        if (p * s != g) {
            grid = grid.get(":, :" + p * s + ", :" + p * s + ", :");
        }
        NDArray windows = grid.reshape(frames, p, s, p, s, c);
        // One axis at a time (DJL's PyTorch mean takes one): columns of the window, then its rows.
        NDArray pooled = cfg.poolMode() == NextVideoConfig.PoolMode.AVERAGE
                ? windows.mean(new int[] {4}).mean(new int[] {2})
                : windows.max(new int[] {4}).max(new int[] {2});
        return pooled.reshape((long) frames * p * p, c);
    }
}
