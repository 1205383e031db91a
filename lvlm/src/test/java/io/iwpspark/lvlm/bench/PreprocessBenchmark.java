package io.iwpspark.lvlm.bench;

import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.llava.ImageProcessor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Milliseconds per image of the CLIP image processor alone ({@link ImageProcessor#process}: RGB read,
 * resize, crop, rescale, normalise) on a PNG-decoded image of the quick start's size, as ImageIO hands it
 * to the sweep. Not a test: {@code java -cp lvlm/target/test-classes:lvlm/target/classes:CP
 * io.iwpspark.lvlm.bench.PreprocessBenchmark MODEL_DIR [SIDE] [SECONDS]}; put another checkout's
 * lvlm/target/classes first on the class path to time its processor.
 */
public final class PreprocessBenchmark {
    private PreprocessBenchmark() {}

    public static void main(String[] args) throws IOException, CheckpointException {
        ImageProcessor p = new ImageProcessor(ConfigReader.readImageProcessor(Path.of(args[0])));
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 168;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        BufferedImage image = decodedPng(side);
        System.out.println("image: " + side + "x" + side + ", color model " + image.getColorModel().getClass().getSimpleName()
                + ", type " + image.getType());
        for (String phase : new String[] {"warm-up", "measured"}) {
            int n = 0;
            double sink = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < seconds * 1e9) {
                sink += p.process(image)[n % 7];
                n++;
            }
            double ms = (System.nanoTime() - t0) / 1e6 / n;
            System.out.printf("%s: %d images, %.3f ms per image (checksum %.3f)%n", phase, n, ms, sink);
        }
    }

    /** Random filled rectangles and ovals on grey, encoded as PNG and decoded by ImageIO, as Images.decode does. */
    static BufferedImage decodedPng(int side) throws IOException {
        BufferedImage im = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = im.createGraphics();
        Random r = new Random(11);
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(0, 0, side, side);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(r.nextInt(0x1000000)));
            int x = r.nextInt(side * 3 / 4);
            int y = r.nextInt(side * 3 / 4);
            if (i % 2 == 0) {
                g.fillRect(x, y, side / 5, side / 6);
            } else {
                g.fillOval(x, y, side / 5, side / 5);
            }
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(im, "png", out);
        return ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    }
}
