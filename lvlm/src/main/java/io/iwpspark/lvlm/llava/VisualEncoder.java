package io.iwpspark.lvlm.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.nn.Scope;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.lvlm.vision.ClipVisionTower;
import io.iwpspark.lvlm.vision.VisionOutput;

/** Pixels -> vision tower -> optional spatial pooling per frame -> projector. */
final class VisualEncoder {
    private final LlavaConfig cfg;
    private final ClipVisionTower tower;
    private final Projector projector;

    VisualEncoder(LlavaConfig cfg, ClipVisionTower tower, Projector projector) {
        this.cfg = cfg;
        this.tower = tower;
        this.projector = projector;
    }

    /**
     * @param m the sample's manager
     * @param pixels (F * 3 * H * W) normalised pixel values, frame-major, H = W = image_size
     */
    VisualTokens encode(NDManager m, float[] pixels, int frames, DataType dtype, int poolStride) {
        int side = cfg.vision().imageSize();
        long expected = (long) frames * cfg.vision().channels() * side * side;
        if (frames < 1 || pixels.length != expected) {
            throw new IllegalArgumentException("pixel values must hold " + frames + " frame(s) of " + cfg.vision().channels()
                    + "x" + side + "x" + side + " = " + expected + " floats, found " + pixels.length);
        }
        try (Scope scope = Scope.open(m)) {
            VisualTokens t = encode(scope.manager(), pixels, frames, dtype, poolStride, side);
            return new VisualTokens(scope.keep(t.features()), scope.keep(t.projected()),
                    t.clsAttention() == null ? null : scope.keep(t.clsAttention()),
                    t.keys() == null ? null : scope.keep(t.keys()), t.frames(), t.gridHeight(), t.gridWidth(), frames,
                    t.visionAttention() == null ? null : scope.keep(t.visionAttention()));
        }
    }

    private VisualTokens encode(NDManager m, float[] pixels, int frames, DataType dtype, int poolStride, int side) {
        NDArray input = m.create(pixels, new Shape(frames, cfg.vision().channels(), side, side)).toType(dtype, false);
        VisionOutput out = tower.forward(input);
        int g = cfg.vision().grid();
        NDArray features = out.features(); // (F, n, Dp)
        NDArray cls = out.clsAttention(); // (F, n) or null
        NDArray keys = out.keys(); // (F, n, dh) or null
        NDArray att = out.visionAttention(); // (F, n) or null
        int gh = g;
        int gw = g;
        if (poolStride > 1) {
            if (cfg.selectStrategy() == LlavaConfig.SelectStrategy.FULL || g % poolStride != 0) {
                throw new IllegalArgumentException("poolStride " + poolStride + " needs the default selection strategy "
                        + "and a grid divisible by it; found " + cfg.selectStrategy() + " and grid " + g);
            }
            features = pool(features, frames, g, poolStride);
            cls = cls == null ? null : pool(cls.expandDims(2), frames, g, poolStride).squeeze(2);
            keys = keys == null ? null : pool(keys, frames, g, poolStride);
            att = att == null ? null : pool(att.expandDims(2), frames, g, poolStride).squeeze(2);
            gh = g / poolStride;
            gw = g / poolStride;
        }
        int perFrame = (int) features.getShape().get(1);
        if (cfg.selectStrategy() == LlavaConfig.SelectStrategy.FULL) {
            gh = 1;
            gw = perFrame;
        }
        long n = (long) frames * perFrame;
        NDArray flat = features.reshape(n, features.getShape().get(2));
        NDArray projected = projector.apply(flat);
        return new VisualTokens(flat, projected, cls == null ? null : cls.reshape(n),
                keys == null ? null : keys.reshape(n, keys.getShape().get(2)), frames, gh, gw, frames,
                att == null ? null : att.reshape(n));
    }

    /** Average pooling of (F, g*g, C) over s x s windows of the g x g grid -> (F, (g/s)^2, C). */
    private static NDArray pool(NDArray x, int frames, int g, int s) {
        long c = x.getShape().get(2);
        int out = g / s;
        return x.reshape(frames, out, s, out, s, c).mean(new int[] {4}).mean(new int[] {2}).reshape(frames, (long) out * out, c);
    }
}
