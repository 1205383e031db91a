package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.Images;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** Tiny images for reader tests, written by the tests themselves. */
final class Fixtures {
    private Fixtures() {
    }

    /** A 16 x 12 PNG filled with one colour. */
    static byte[] png(int rgb) {
        BufferedImage img = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, 16, 12);
        g.dispose();
        return Images.png(img, 0.5f);
    }

    /** A PNG cut in half: the header says PNG, the data ends early. */
    static byte[] truncatedPng() {
        byte[] ok = png(0x123456);
        return Arrays.copyOf(ok, ok.length / 2);
    }
}
