package io.iwpspark.lvlm.llava;

/**
 * Bicubic resampling of 8-bit images the way Pillow's {@code Image.resize(..., BICUBIC)} does it (the
 * CLIP image processor resizes through Pillow): a separable filter (a = -0.5, support 2, widened by
 * the scale when shrinking), horizontal pass then vertical pass, fixed-point coefficients with 22
 * fractional bits, and rounding to 8 bits after each pass. Written from the algorithm's description;
 * it must reproduce Pillow's bytes for the pixel values to match transformers'.
 */
public final class BicubicResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double A = -0.5;
    private static final double SUPPORT = 2.0;

    private BicubicResize() {}

    /**
     * rgb (h, w, 3) bytes as ints 0..255 -> (outH, outW, 3). Pillow 13 (libImaging/Resample.c,
     * ImagingResampleInner) runs the horizontal pass first unless the height shrinks by more than twice
     * the width's shrink in pixels, then the vertical pass first; the 8-bit rounding between the passes
     * makes the order visible.
     */
    public static int[] resize(int[] rgb, int h, int w, int outH, int outW) {
        boolean verticalFirst = h - outH > 0 && h - outH > (w - outW) * 2;
        if (verticalFirst) {
            int[] vertical = pass(rgb, h, w, outH, false);
            return w == outW ? vertical : pass(vertical, outH, w, outW, true);
        }
        int[] horizontal = w == outW ? rgb : pass(rgb, h, w, outW, true);
        return h == outH ? horizontal : pass(horizontal, h, outW, outH, false);
    }

    private static double filter(double x) {
        double t = Math.abs(x);
        if (t < 1.0) {
            return ((A + 2.0) * t - (A + 3.0)) * t * t + 1;
        }
        if (t < 2.0) {
            return (((t - 5) * t + 8) * t - 4) * A;
        }
        return 0.0;
    }

    /** One pass along x (horizontal) or y, from inSize to outSize samples, on an image of h x w. */
    private static int[] pass(int[] in, int h, int w, int outSize, boolean horizontal) {
        int inSize = horizontal ? w : h;
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[outSize * 2]; // per output sample: first input index, count
        int[] coeffs = new int[outSize * ksize]; // fixed-point weights
        double[] k = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double ww = 0;
            double ss = 1.0 / filterScale;
            for (int x = 0; x < xmax; x++) {
                k[x] = filter((x + xmin - center + 0.5) * ss); // Pillow multiplies by 1 / filterscale (inv_filterscale)
                ww += k[x];
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0 ? k[x] / ww : k[x];
                double fixed = v * (1 << PRECISION_BITS);
                coeffs[xx * ksize + x] = (int) (v < 0 ? -0.5 + fixed : 0.5 + fixed);
            }
            bounds[2 * xx] = xmin;
            bounds[2 * xx + 1] = xmax;
        }
        int outH = horizontal ? h : outSize;
        int outW = horizontal ? outSize : w;
        int[] out = new int[outH * outW * 3];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = horizontal ? x : y;
                int min = bounds[2 * o];
                int count = bounds[2 * o + 1];
                for (int c = 0; c < 3; c++) {
                    int acc = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < count; i++) {
                        int src = horizontal ? (y * w + min + i) * 3 + c : ((min + i) * w + x) * 3 + c;
                        acc += in[src] * coeffs[o * ksize + i];
                    }
                    out[(y * outW + x) * 3 + c] = Math.max(0, Math.min(255, acc >> PRECISION_BITS));
                }
            }
        }
        return out;
    }
}
