package io.iwpspark.datasets.video;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** The committed test videos of src/test/resources/videos (tools/make_test_videos.py) and their reference data. */
final class TestVideos {
    static final List<String> NAMES = List.of("h264.mp4", "vp9.webm", "h264.mkv", "mpeg4.avi", "bt709.mp4", "fullrange.mp4", "cut.mp4");

    private TestVideos() {
    }

    static Path path(String name) {
        try {
            return Path.of(TestVideos.class.getResource("/videos/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource videos/" + name + " is missing", e);
        }
    }

    static JsonNode json(String name) throws IOException {
        return new ObjectMapper().readTree(path(name).toFile());
    }

    /** A vertical strip PNG cut into its frames of the given height, as (frame, y, x) 0xRRGGBB. */
    static int[][] strip(String name, int frameHeight) throws IOException {
        BufferedImage img = ImageIO.read(path(name).toFile());
        int w = img.getWidth();
        int n = img.getHeight() / frameHeight;
        int[][] out = new int[n][];
        for (int k = 0; k < n; k++) {
            out[k] = img.getRGB(0, k * frameHeight, w, frameHeight, null, 0, w);
        }
        return out;
    }

    /** Largest difference of one channel between a decoded frame and 0xRRGGBB reference pixels. */
    static int maxDiff(RgbFrame f, int[] ref) {
        int max = 0;
        for (int i = 0; i < ref.length; i++) {
            int a = f.pixel(i % f.width(), i / f.width());
            for (int shift = 0; shift <= 16; shift += 8) {
                max = Math.max(max, Math.abs((a >> shift & 0xFF) - (ref[i] >> shift & 0xFF)));
            }
        }
        return max;
    }

    /** The frame number the generator drew as eight black/white cells on the top row (bit 7 first). */
    static int drawnNumber(RgbFrame f) {
        int n = 0;
        for (int b = 0; b < 8; b++) {
            int p = f.pixel(8 * b + 4, 1);
            int luma = ((p >> 16 & 0xFF) + (p >> 8 & 0xFF) + (p & 0xFF)) / 3;
            n = n << 1 | (luma > 128 ? 1 : 0);
        }
        return n;
    }
}
