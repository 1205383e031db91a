package io.iwpspark.lvlm.llava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iwpspark.lvlm.checkpoint.ImageProcessorConfig;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The bulk sample read ({@link RgbPixels#of}) against the per-pixel getRGB path it replaces, on every kind
 * of BufferedImage AWT makes and on what ImageIO decodes (PNG RGB, RGBA, grey, grey + alpha, 16-bit, JPEG),
 * random samples including clear and opaque alpha; and the table lookup of {@link ImageProcessor#process}
 * against the arithmetic it tabulates.
 */
class RgbPixelsTest {
    private static final int W = 37;
    private static final int H = 23;

    @Test
    void bulkReadEqualsPerPixelReadOnEveryImageKind() throws IOException {
        Random rnd = new Random(15);
        Map<String, BufferedImage> images = new LinkedHashMap<>();
        int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_ARGB_PRE,
            BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_USHORT_565_RGB, BufferedImage.TYPE_USHORT_555_RGB,
            BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_BINARY,
            BufferedImage.TYPE_BYTE_INDEXED};
        for (int t : types) {
            images.put("type " + t, random(new BufferedImage(W, H, t), rnd));
        }
        images.put("grey + alpha", random(custom(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_BYTE), rnd));
        images.put("rgb 16-bit", random(custom(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_USHORT), rnd));
        images.put("linear rgb", random(custom(ColorSpace.CS_LINEAR_RGB, false, DataBuffer.TYPE_BYTE), rnd));
        images.put("sub-image of 3BYTE_BGR", images.get("type " + BufferedImage.TYPE_3BYTE_BGR).getSubimage(3, 5, 20, 11));
        images.put("sub-image of INT_ARGB", images.get("type " + BufferedImage.TYPE_INT_ARGB).getSubimage(1, 2, 30, 17));
        for (String k : new String[] {"type " + BufferedImage.TYPE_3BYTE_BGR, "type " + BufferedImage.TYPE_INT_ARGB,
            "type " + BufferedImage.TYPE_BYTE_GRAY, "grey + alpha", "rgb 16-bit", "type " + BufferedImage.TYPE_BYTE_INDEXED}) {
            images.put("png of " + k, reencoded(images.get(k), "png"));
        }
        images.put("jpeg of 3BYTE_BGR", reencoded(images.get("type " + BufferedImage.TYPE_3BYTE_BGR), "jpeg"));
        for (Map.Entry<String, BufferedImage> e : images.entrySet()) {
            BufferedImage im = e.getValue();
            int[] expected = RgbPixels.perPixel(im);
            assertEquals(im.getWidth() * im.getHeight() * 3, expected.length, e.getKey());
            assertArrayEquals(expected, RgbPixels.of(im), e.getKey() + " (color model " + im.getColorModel() + ")");
        }
    }

    @Test
    void tableLookupEqualsTheArithmetic() {
        ImageProcessorConfig cfg = new ImageProcessorConfig(false, 0, true, 5, 4, true, 1 / 255.0, true,
                new float[] {0.48145466f, 0.4578275f, 0.40821073f}, new float[] {0.26862954f, 0.26130258f, 0.27577711f});
        Random rnd = new Random(3);
        int h = 9;
        int w = 7;
        int[] rgb = new int[h * w * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = i == 4 ? 4095 : rnd.nextInt(256); // one 12-bit grey sample: outside the table, computed
        }
        float[] got = new ImageProcessor(cfg).process(rgb, h, w);
        int top = (h - 5) / 2;
        int left = (w - 4) / 2;
        float[] mean = cfg.mean();
        float[] std = cfg.std();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 4; x++) {
                    float v = rgb[((y + top) * w + x + left) * 3 + c];
                    v = (float) (v * cfg.rescaleFactor());
                    v = (v - mean[c]) / std[c];
                    assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(got[(c * 5 + y) * 4 + x]),
                            "channel " + c + " at " + y + "," + x);
                }
            }
        }
    }

    /** Every band's samples uniform over its bit width; the first pixels' last band 0 then full (alpha edges). */
    private static BufferedImage random(BufferedImage im, Random rnd) {
        WritableRaster r = im.getRaster();
        int bands = r.getNumBands();
        int[] s = new int[W * H * bands];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextInt(1 << r.getSampleModel().getSampleSize(i % bands));
        }
        s[bands - 1] = 0;
        s[2 * bands - 1] = (1 << r.getSampleModel().getSampleSize(bands - 1)) - 1;
        r.setPixels(0, 0, W, H, s);
        return im;
    }

    private static BufferedImage custom(int space, boolean alpha, int transfer) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(space), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, transfer);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(W, H), false, null);
    }

    private static BufferedImage reencoded(BufferedImage im, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(im, format, out)) {
            throw new IOException("no " + format + " writer for " + im);
        }
        return ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    }
}
