package io.iwpspark.lvlm.llava;

import io.iwpspark.lvlm.checkpoint.ImageProcessorConfig;
import java.awt.image.BufferedImage;

/**
 * The CLIP image processor: RGB, shortest-edge bicubic resize (Pillow's), centre crop, rescale,
 * normalise with the configured mean and std; the arithmetic follows transformers' numpy path
 * (rescale in float64 then float32, normalise in float32).
 */
public final class ImageProcessor {
    private final ImageProcessorConfig cfg;
    private final float[] mean; // (3)
    private final float[] std; // (3)
    private final float[] table; // (3, 256): value(v, c) of every byte v, so a pixel costs one load

    public ImageProcessor(ImageProcessorConfig cfg) {
        this.cfg = cfg;
        this.mean = cfg.mean();
        this.std = cfg.std();
        this.table = new float[3 * 256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                table[c * 256 + v] = value(v, c);
            }
        }
    }

    /** One sample of channel c: rescaled in float64 then rounded to float32, normalised in float32. */
    private float value(int sample, int c) {
        float v = sample;
        if (cfg.rescale()) {
            v = (float) (v * cfg.rescaleFactor());
        }
        if (cfg.normalize()) {
            v = (v - mean[c]) / std[c];
        }
        return v;
    }

    public int outputHeight() {
        return cfg.centerCrop() ? cfg.cropHeight() : cfg.shortestEdge();
    }

    public int outputWidth() {
        return cfg.centerCrop() ? cfg.cropWidth() : cfg.shortestEdge();
    }

    /** (3, H, W) channel-first pixel values of one image. */
    public float[] process(BufferedImage image) {
        return process(rgb(image), image.getHeight(), image.getWidth());
    }

    /** (3, H, W) channel-first pixel values of (h, w, 3) RGB bytes (as ints 0..255), e.g. one anyres tile. */
    public float[] process(int[] rgb, int h, int w) {
        if (rgb.length != h * w * 3) {
            throw new IllegalArgumentException("rgb must hold " + h + "x" + w + "x3 values, found " + rgb.length);
        }
        if (cfg.resize()) {
            int shortSide = Math.min(h, w);
            int longSide = Math.max(h, w);
            int newShort = cfg.shortestEdge();
            int newLong = (int) ((double) newShort * longSide / shortSide);
            int outH = w <= h ? newLong : newShort;
            int outW = w <= h ? newShort : newLong;
            rgb = BicubicResize.resize(rgb, h, w, outH, outW);
            h = outH;
            w = outW;
        }
        int top = 0;
        int left = 0;
        int outH = h;
        int outW = w;
        if (cfg.centerCrop()) {
            if (h < cfg.cropHeight() || w < cfg.cropWidth()) {
                throw new IllegalArgumentException("image of " + h + "x" + w + " after resizing is smaller than crop_size "
                        + cfg.cropHeight() + "x" + cfg.cropWidth());
            }
            top = (h - cfg.cropHeight()) / 2;
            left = (w - cfg.cropWidth()) / 2;
            outH = cfg.cropHeight();
            outW = cfg.cropWidth();
        }
        int plane = outH * outW;
        float[] out = new float[3 * plane];
        for (int y = 0; y < outH; y++) { // one pass over the pixels, the three planes written side by side
            int in = ((y + top) * w + left) * 3;
            for (int o = y * outW, end = o + outW; o < end; o++, in += 3) {
                int r = rgb[in];
                int g = rgb[in + 1];
                int b = rgb[in + 2];
                if (((r | g | b) & ~0xFF) == 0) { // bytes: the table
                    out[o] = table[r];
                    out[plane + o] = table[256 + g];
                    out[2 * plane + o] = table[512 + b];
                } else {
                    out[o] = value(r, 0);
                    out[plane + o] = value(g, 1);
                    out[2 * plane + o] = value(b, 2);
                }
            }
        }
        return out;
    }

    /** (h, w, 3) RGB bytes as transformers' convert_rgb makes them ({@link RgbPixels}). */
    public static int[] rgb(BufferedImage image) {
        return RgbPixels.of(image);
    }

    /** One channel of Pillow's alpha_composite(white, pixel): fully opaque keeps it, fully clear gives 255. */
    static int overWhite(int value, int alpha) {
        if (alpha == 255) {
            return value;
        }
        if (alpha == 0) {
            return 255;
        }
        final int bits = 7;
        long outA255 = alpha * 255L + 255L * (255 - alpha);
        long coef1 = alpha * 255L * 255L * (1 << bits) / outA255;
        long coef2 = 255L * (1 << bits) - coef1;
        long t = value * coef1 + 255L * coef2 + (0x80L << bits);
        return (int) ((((t >> 8) + t) >> 8) >> bits);
    }
}
