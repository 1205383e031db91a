package io.iwpspark.lvlm.onevision;

import io.iwpspark.lvlm.llava.BicubicResize;
import io.iwpspark.lvlm.llava.ImageProcessor;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Pictures to the tower's pixel values with OneVision's processor settings: RGB (alpha over white),
 * Pillow bicubic resize to size.height x size.width, rescale (float64, then float32) and normalise
 * (float32), channel-first, as LlavaOnevisionImageProcessorPil does each tile (transformers 5.24).
 *
 * <p>Videos have no Pillow processor: LlavaOnevisionVideoProcessor needs torchvision, whose uint8
 * antialiased bicubic {@link #frames} reproduces. Images follow the Pillow processor (what
 * AutoImageProcessor resolves without torchvision); the torchvision image processor would round some
 * pixels one 8-bit level away.
 */
public final class FramePixels {
    private FramePixels() {}

    /**
     * (F, 3, H, W) pixel values of video frames as LlavaOnevisionVideoProcessor makes them: each resized to the
     * settings' size regardless of aspect with torch's antialiased uint8 bicubic ({@link AntialiasBicubic}).
     */
    public static float[] frames(List<BufferedImage> frames, FrameSettings s) {
        int per = 3 * s.height() * s.width();
        float[] out = new float[frames.size() * per];
        for (int f = 0; f < frames.size(); f++) {
            BufferedImage im = frames.get(f);
            int[] rgb = AntialiasBicubic.resize(ImageProcessor.rgb(im), im.getHeight(), im.getWidth(), s.height(), s.width());
            normalise(rgb, s, out, f * per);
        }
        return out;
    }

    /**
     * (N, 3, H, W) pixel values of several images shown together (LlavaOnevisionImageProcessorPil when a
     * sample holds more than one image: no anyres): each padded to a centred square of its longer side
     * with the mean colour, int(mean * 255) per channel (pad_to_square), then resized to the settings' size.
     */
    public static float[] squares(List<BufferedImage> images, FrameSettings s) {
        int per = 3 * s.height() * s.width();
        float[] mean = s.mean();
        int[] fill = {(int) (mean[0] * 255.0), (int) (mean[1] * 255.0), (int) (mean[2] * 255.0)};
        float[] out = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage im = images.get(i);
            int h = im.getHeight();
            int w = im.getWidth();
            int side = Math.max(h, w);
            int top = h < side ? (side - h) / 2 : 0;
            int left = w < side ? (side - w) / 2 : 0;
            int[] rgb = ImageProcessor.rgb(im);
            int[] square = new int[side * side * 3];
            for (int p = 0; p < side * side; p++) {
                System.arraycopy(fill, 0, square, p * 3, 3);
            }
            for (int y = 0; y < h; y++) {
                System.arraycopy(rgb, y * w * 3, square, ((y + top) * side + left) * 3, w * 3);
            }
            normalise(BicubicResize.resize(square, side, side, s.height(), s.width()), s, out, i * per);
        }
        return out;
    }

    /** Rescales and normalises (H, W, 3) bytes of the settings' size into {@code out} at {@code offset}, as (3, H, W). */
    static void normalise(int[] rgb, FrameSettings s, float[] out, int offset) {
        int h = s.height();
        int w = s.width();
        if (rgb.length != h * w * 3) {
            throw new IllegalArgumentException("a tile must hold " + h + "x" + w + "x3 values, found " + rgb.length);
        }
        float[] mean = s.mean();
        float[] std = s.std();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < h * w; i++) {
                float v = (float) (rgb[i * 3 + c] * s.rescaleFactor());
                out[offset + c * h * w + i] = (v - mean[c]) / std[c];
            }
        }
    }
}
