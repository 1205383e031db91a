package io.iwpspark.lvlm.llava;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;

/**
 * (h, w, 3) RGB bytes of a BufferedImage as transformers' convert_rgb makes them: grey images replicate
 * their one channel (Pillow's convert("RGB")); an image with alpha is laid over white with Pillow's
 * alpha_composite arithmetic ({@link ImageProcessor#overWhite}).
 *
 * <p>Most decoded images (ImageIO's PNG and JPEG readers, the TYPE_INT_* and TYPE_*BYTE* kinds) hold
 * 8-bit sRGB components, unpremultiplied, one raster band per component: for those
 * {@code BufferedImage.getRGB} only returns each band's sample, so every sample is read in one
 * {@code Raster.getPixels} call. Grey images read their raw samples the same way. Anything else (palettes,
 * 5/6-bit fields, premultiplied alpha, other colour spaces) goes pixel by pixel through {@code getRGB}
 * ({@link #perPixel}), which converts as AWT defines it; both give the same bytes where both apply.
 */
final class RgbPixels {
    private RgbPixels() {}

    static int[] of(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (isGrey(image) || isPlainSrgb(cm, raster)) {
            return fromSamples(raster, image.getHeight(), image.getWidth(), isGrey(image), cm.hasAlpha());
        }
        return perPixel(image);
    }

    /** One or two bands (grey, grey + alpha) and one colour component: raw samples, as Pillow's "L" / "LA". */
    private static boolean isGrey(BufferedImage image) {
        return image.getRaster().getNumBands() <= 2 && image.getColorModel().getNumColorComponents() == 1;
    }

    /** 8-bit sRGB components, unpremultiplied, band i = component i (R, G, B, then alpha): getRGB is the samples. */
    private static boolean isPlainSrgb(ColorModel cm, Raster raster) {
        if (!(cm instanceof ComponentColorModel || cm instanceof DirectColorModel) || cm.isAlphaPremultiplied()
                || !cm.getColorSpace().isCS_sRGB() || cm.getColorSpace().getType() != ColorSpace.TYPE_RGB
                || cm.getNumComponents() != raster.getNumBands() || cm.getNumColorComponents() != 3) {
            return false;
        }
        for (int i = 0; i < cm.getNumComponents(); i++) {
            if (cm.getComponentSize(i) != 8 || raster.getSampleModel().getSampleSize(i) != 8) {
                return false;
            }
        }
        return true;
    }

    /** Every sample in one call, band-interleaved; alpha (the last band when present) composited over white. */
    private static int[] fromSamples(Raster raster, int h, int w, boolean grey, boolean alpha) {
        int bands = raster.getNumBands();
        int[] s = samples(raster, h, w);
        if (bands == 3 && !grey && !alpha) {
            return s; // already (h, w, 3) R, G, B
        }
        int[] out = new int[h * w * 3];
        int colours = grey ? 1 : 3;
        for (int p = 0, i = 0, o = 0; p < h * w; p++, i += bands, o += 3) {
            int r = s[i];
            int g = grey ? r : s[i + 1];
            int b = grey ? r : s[i + 2];
            if (alpha && s[i + colours] != 255) {
                int a = s[i + colours];
                r = ImageProcessor.overWhite(r, a);
                g = ImageProcessor.overWhite(g, a);
                b = ImageProcessor.overWhite(b, a);
            }
            out[o] = r;
            out[o + 1] = g;
            out[o + 2] = b;
        }
        return out;
    }

    /**
     * raster.getPixels(0, 0, w, h): every sample as an int, band-interleaved. Bytes in one bank (ImageIO's
     * PNG and JPEG results, TYPE_3BYTE_BGR, TYPE_BYTE_GRAY...) are read straight from the data buffer,
     * through the sample model's strides and band offsets and the raster's translation (a sub-image's).
     */
    private static int[] samples(Raster raster, int h, int w) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof ComponentSampleModel sm) || buffer.getNumBanks() != 1) {
            return raster.getPixels(0, 0, w, h, (int[]) null);
        }
        int bands = raster.getNumBands();
        int[] offsets = sm.getBandOffsets();
        for (int bank : sm.getBankIndices()) {
            if (bank != 0) {
                return raster.getPixels(0, 0, w, h, (int[]) null);
            }
        }
        byte[] data = buffer.getData();
        int pixelStride = sm.getPixelStride();
        int scanlineStride = sm.getScanlineStride();
        int[] out = new int[h * w * bands];
        int tx = raster.getSampleModelTranslateX();
        int ty = raster.getSampleModelTranslateY();
        for (int y = 0, o = 0; y < h; y++) {
            int row = buffer.getOffset() + (y - ty) * scanlineStride - tx * pixelStride;
            for (int x = 0; x < w; x++, row += pixelStride) {
                for (int b = 0; b < bands; b++, o++) {
                    out[o] = data[row + offsets[b]] & 0xFF;
                }
            }
        }
        return out;
    }

    /** The general path, any image AWT can read: raw grey samples, else getRGB per pixel. */
    static int[] perPixel(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int[] out = new int[h * w * 3];
        Raster raster = image.getRaster();
        boolean grey = isGrey(image);
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
                out[o] = ImageProcessor.overWhite(r, a);
                out[o + 1] = ImageProcessor.overWhite(g, a);
                out[o + 2] = ImageProcessor.overWhite(b, a);
            }
        }
        return out;
    }
}
