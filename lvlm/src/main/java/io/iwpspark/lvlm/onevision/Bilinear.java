package io.iwpspark.lvlm.onevision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False) on token grids, as
 * LlavaOnevisionModel uses it twice (transformers 5.24 modeling_llava_onevision.py): apply_pooling
 * shrinks each video frame's grid to ceil(h/2) x ceil(w/2), pack_image_features shrinks an
 * anyres_max_N image grid. Bilinear resizing is separable, so it is two matrix products: rows mixed by
 * {@link #weights}(h, oh), then columns by weights(w, ow).
 */
public final class Bilinear {
    private Bilinear() {}

    /**
     * Resizes channel-last grids: (B, h, w, C) -> (B, oh, ow, C).
     *
     * @param x (B, h, w, C) grids
     */
    public static NDArray resize(NDArray x, int oh, int ow) {
        Shape s = x.getShape();
        int h = (int) s.get(1);
        int w = (int) s.get(2);
        NDManager m = x.getManager();
        NDArray rows = m.create(weights(h, oh), new Shape(oh, h)).toType(x.getDataType(), false);
        NDArray colsT = m.create(weights(w, ow), new Shape(ow, w)).transpose().toType(x.getDataType(), false);
        NDArray chw = x.transpose(0, 3, 1, 2); // (B, C, h, w)
        return rows.matMul(chw).matMul(colsT).transpose(0, 2, 3, 1); // (B, oh, ow, C)
    }

    /**
     * (out, in) row-major interpolation weights along one axis, PyTorch's rule for align_corners=False
     * and an explicit output size (UpSample.h area_pixel_compute_scale / area_pixel_compute_source_index,
     * computed in float): scale = in / out; source = scale * (o + 0.5) - 0.5, clamped at 0; the two
     * neighbours floor(source) and the next one (the last pixel repeats), weighted by the distance.
     */
    public static float[] weights(int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("bilinear sizes must be > 0, found " + in + " -> " + out);
        }
        float scale = (float) in / out;
        float[] wts = new float[out * in];
        for (int o = 0; o < out; o++) {
            float src = Math.max(scale * (o + 0.5f) - 0.5f, 0f);
            int i0 = (int) src;
            int i1 = i0 < in - 1 ? i0 + 1 : i0;
            float l1 = src - i0;
            wts[o * in + i0] += 1f - l1;
            wts[o * in + i1] += l1;
        }
        return wts;
    }
}
