package io.iwpspark.datasets.synthetic;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.SplittableRandom;

/** Draws shapes on a pale textured background and encodes the image as PNG. */
final class Renderer {
    static {
        System.setProperty("java.awt.headless", "true"); // executors have no display
    }

    private Renderer() {
    }

    /** A background texture, fixed per image (or per clip, so frames differ only by the shapes). */
    record Background(int base, int kind, int period, int amplitude, long noiseSeed) {
        static Background random(SplittableRandom rng) {
            int grey = 200 + rng.nextInt(36);
            int tint = rng.nextInt(3); // warm, neutral or cool pale tone
            int r = Math.min(255, grey + (tint == 0 ? 12 : 0));
            int b = Math.min(255, grey + (tint == 2 ? 12 : 0));
            return new Background((r << 16) | (grey << 8) | b, rng.nextInt(3), 6 + rng.nextInt(20),
                    6 + rng.nextInt(10), rng.nextLong());
        }
    }

    static BufferedImage draw(int w, int h, Background bg, List<Shape> shapes) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData(); // (h * w) 0xRRGGBB
        fillTexture(px, w, h, bg);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (Shape s : shapes) {
            g.setColor(new Color(s.color().rgb));
            fill(g, s);
        }
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) {
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData(); // (h * w) 0xRRGGBB
        return Png.encode(px, img.getWidth(), img.getHeight());
    }

    /**
     * Texture: 0 = diagonal stripes, 1 = checkerboard, 2 = blocky noise (one random offset per
     * period x period cell); every kind is low contrast and compresses well as PNG.
     */
    private static void fillTexture(int[] px, int w, int h, Background bg) {
        SplittableRandom noise = new SplittableRandom(bg.noiseSeed());
        int cellsX = (w + bg.period() - 1) / bg.period();
        int[] cells = new int[cellsX * ((h + bg.period() - 1) / bg.period())]; // (cell row, cell col) offsets
        for (int i = 0; i < cells.length; i++) {
            cells[i] = noise.nextInt(2 * bg.amplitude() + 1) - bg.amplitude();
        }
        int br = (bg.base() >> 16) & 0xFF;
        int bgc = (bg.base() >> 8) & 0xFF;
        int bb = bg.base() & 0xFF;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int d;
                switch (bg.kind()) {
                    case 0 -> d = ((x + y) / bg.period()) % 2 == 0 ? bg.amplitude() : -bg.amplitude();
                    case 1 -> d = ((x / bg.period()) + (y / bg.period())) % 2 == 0 ? bg.amplitude() : -bg.amplitude();
                    default -> d = cells[(y / bg.period()) * cellsX + x / bg.period()];
                }
                px[y * w + x] = (clamp(br + d) << 16) | (clamp(bgc + d) << 8) | clamp(bb + d);
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static void fill(Graphics2D g, Shape s) {
        double r = s.radius();
        int cx = (int) Math.round(s.cx());
        int cy = (int) Math.round(s.cy());
        switch (s.kind()) {
            case CIRCLE -> g.fill(new Ellipse2D.Double(s.cx() - r, s.cy() - r, 2 * r, 2 * r));
            case SQUARE -> {
                int half = (int) Math.round(r / Math.sqrt(2) * 1.15);
                g.fillRect(cx - half, cy - half, 2 * half, 2 * half);
            }
            case TRIANGLE -> {
                int ri = (int) Math.round(r);
                int dx = (int) Math.round(r * Math.sqrt(3) / 2);
                g.fill(new Polygon(new int[] {cx, cx + dx, cx - dx}, new int[] {cy - ri, cy + ri / 2, cy + ri / 2}, 3));
            }
            case DIAMOND -> {
                int ri = (int) Math.round(r);
                int rx = (int) Math.round(r * 0.7);
                g.fill(new Polygon(new int[] {cx, cx + rx, cx, cx - rx}, new int[] {cy - ri, cy, cy + ri, cy}, 4));
            }
        }
    }
}
