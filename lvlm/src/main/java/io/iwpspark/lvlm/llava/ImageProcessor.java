package io.iwpspark.lvlm.llava;

import io.iwpspark.lvlm.checkpoint.ImageProcessorConfig;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * The CLIP image processor: RGB, shortest-edge bicubic resize (Pillow's), centre crop, rescale,
 * normalise with the configured mean and std; the arithmetic follows transformers' numpy path
 * (rescale in float64 then float32, normalise in float32).
 */
public final class ImageProcessor {
    private final ImageProcessorConfig cfg;

    public ImageProcessor(ImageProcessorConfig cfg) {
        this.cfg = cfg;
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
        float[] mean = cfg.mean();
        float[] std = cfg.std();
        float[] out = new float[3 * outH * outW];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    float v = rgb[((y + top) * w + x + left) * 3 + c];
                    if (cfg.rescale()) {
                        v = (float) (v * cfg.rescaleFactor());
                    }
                    if (cfg.normalize()) {
                        v = (v - mean[c]) / std[c];
                    }
                    out[(c * outH + y) * outW + x] = v;
                }
            }
        }
        return out;
    }

    /**
     * (h, w, 3) RGB bytes as transformers' convert_rgb makes them: grey images replicate their one
     * channel (Pillow's convert("RGB")); an image with alpha is laid over white with Pillow's
     * alpha_composite arithmetic (7 fractional bits, rounded divisions by 255).
     */
    public static int[] rgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int[] out = new int[h * w * 3];
        Raster raster = image.getRaster();
        boolean grey = raster.getNumBands() <= 2 && image.getColorModel().getNumColorComponents() == 1;
        boolean alpha = image.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                int r;
                int g;
                int b;
                int a = 255;
                if (grey) {
                    r = raster.getSample(x, y, 0);
                    g = r;
                    b = r;
                    if (alpha) {
                        a = raster.getSample(x, y, 1);
                    }
                } else {
                    int argb = image.getRGB(x, y);
                    r = (argb >> 16) & 0xFF;
                    g = (argb >> 8) & 0xFF;
                    b = argb & 0xFF;
                    if (alpha) {
                        a = (argb >>> 24) & 0xFF;
                    }
                }
                out[o] = overWhite(r, a);
                out[o + 1] = overWhite(g, a);
                out[o + 2] = overWhite(b, a);
            }
        }
        return out;
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
