package io.iwpspark.datasets.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * One decoded frame as 8-bit RGB.
 *
 * @param index frame number in presentation order, 0 first
 * @param rgb   (height, width, 3) bytes R G B, row-major
 */
public record RgbFrame(int index, int width, int height, byte[] rgb) {
    public RgbFrame {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("rgb: expected width * height * 3 = " + width * height * 3
                    + " bytes but found " + rgb.length);
        }
    }

    /** The pixel at (x, y) as 0xRRGGBB. */
    public int pixel(int x, int y) {
        int o = (y * width + x) * 3;
        return (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | rgb[o + 2] & 0xFF;
    }

    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return img;
    }

    /** Lossless PNG bytes, as the samples table stores a video's frames. */
    public byte[] png() {
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | rgb[3 * i + 2] & 0xFF;
        }
        return io.iwpspark.datasets.synthetic.Png.encode(px, width, height);
    }
}
