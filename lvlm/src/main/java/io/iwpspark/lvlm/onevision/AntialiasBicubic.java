package io.iwpspark.lvlm.onevision;

/**
 * torch.nn.functional.interpolate(uint8 frames, size, mode="bicubic", antialias=True) on the CPU, the
 * resize of transformers' torchvision-backed LlavaOnevisionVideoProcessor (the only OneVision video
 * processor: torchvision resizes uint8 tensors natively). Written from PyTorch's
 * aten/src/ATen/native/cpu/UpSampleKernel.cpp (HelperInterpBase::_compute_indices_min_size_weights_aa,
 * _compute_index_ranges_int16_weights, HelperInterpCubic::aa_filter) and UpSampleKernelAVXAntialias.h:
 * per axis, Keys' cubic (a = -0.5) widened by the scale when shrinking, weights normalised in double, then
 * int16 weights with the largest precision that keeps the biggest weight below 2^15; horizontal pass, then
 * vertical, each rounding to 8 bits. It differs from Pillow's bicubic only in that precision (Pillow: 22
 * bits) and in Pillow 13's pass order, which is enough to move some pixels by one level.
 */
public final class AntialiasBicubic {
    private AntialiasBicubic() {}

    /** rgb (h, w, 3) bytes as ints 0..255 -> (outH, outW, 3). */
    public static int[] resize(int[] rgb, int h, int w, int outH, int outW) {
        int[] horizontal = w == outW ? rgb : pass(rgb, h, w, outW, true);
        return h == outH ? horizontal : pass(horizontal, h, outW, outH, false);
    }

    /** HelperInterpCubic::aa_filter with a = -0.5, PyTorch's polynomial forms. */
    static double filter(double x) {
        double a = -0.5;
        double t = Math.abs(x);
        if (t < 1.0) {
            return ((a + 2) * t - (a + 3)) * t * t + 1;
        }
        if (t < 2.0) {
            return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
        }
        return 0.0;
    }

    /** Per output sample: first input index, tap count, int16 weights (maxTaps each), and the weights' precision. */
    record Taps(int[] start, int[] count, int[] weights, int maxTaps, int precision) {}

    static Taps taps(int in, int out) {
        double scale = (double) in / out;
        double support = scale >= 1.0 ? 2.0 * scale : 2.0;
        int maxTaps = (int) Math.ceil(support) * 2 + 1;
        double invScale = scale >= 1.0 ? 1.0 / scale : 1.0;
        int[] start = new int[out];
        int[] count = new int[out];
        double[] wts = new double[out * maxTaps];
        double wtMax = 0;
        for (int i = 0; i < out; i++) {
            double center = scale * (i + 0.5);
            int xmin = (int) Math.max((long) (center - support + 0.5), 0L);
            int xsize = (int) Math.min((long) (center + support + 0.5), in) - xmin;
            xsize = Math.max(0, Math.min(xsize, maxTaps));
            double total = 0;
            for (int j = 0; j < xsize; j++) {
                double v = filter((j + xmin - center + 0.5) * invScale);
                wts[i * maxTaps + j] = v;
                total += v;
            }
            if (total != 0.0) {
                for (int j = 0; j < xsize; j++) {
                    wts[i * maxTaps + j] /= total;
                    wtMax = Math.max(wtMax, wts[i * maxTaps + j]);
                }
            }
            start[i] = xmin;
            count[i] = xsize;
        }
        int precision = 0;
        for (; precision < 22; precision++) {
            int next = (int) (0.5 + wtMax * (1 << (precision + 1)));
            if (next >= (1 << 15)) {
                break;
            }
        }
        int[] fixed = new int[wts.length];
        for (int k = 0; k < wts.length; k++) {
            double v = wts[k] * (1 << precision);
            fixed[k] = (short) (v < 0 ? (int) (-0.5 + v) : (int) (0.5 + v));
        }
        return new Taps(start, count, fixed, maxTaps, precision);
    }

    /** One pass along x (horizontal) or y on an image of h x w, to outSize samples. */
    private static int[] pass(int[] in, int h, int w, int outSize, boolean horizontal) {
        Taps t = taps(horizontal ? w : h, outSize);
        int outH = horizontal ? h : outSize;
        int outW = horizontal ? outSize : w;
        int[] out = new int[outH * outW * 3];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = horizontal ? x : y;
                int min = t.start()[o];
                for (int c = 0; c < 3; c++) {
                    int acc = 1 << (t.precision() - 1);
                    for (int i = 0; i < t.count()[o]; i++) {
                        int src = horizontal ? (y * w + min + i) * 3 + c : ((min + i) * w + x) * 3 + c;
                        acc += in[src] * t.weights()[o * t.maxTaps() + i];
                    }
                    out[(y * outW + x) * 3 + c] = Math.max(0, Math.min(255, acc >> t.precision()));
                }
            }
        }
        return out;
    }
}
