package io.iwpspark.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.Images;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ShapesVideoTest {
    private static final ShapesConfig CONFIG = ShapesConfig.defaults(3).withSize(128, 128).withFrames(6);
    private static final Pattern TRACK = Pattern.compile("(\\w+) (\\w+)@\\((\\d+),(\\d+)\\)->\\((\\d+),(\\d+)\\)");

    @Test
    void iteratorYieldsTheRangeLazilyAndRejectsBadBounds() {
        ShapesVideo video = new ShapesVideo(CONFIG);
        Iterator<Sample> it = video.iterator(2, 4);
        assertEquals(video.sample(2).id(), it.next().id());
        assertEquals(video.sample(3).id(), it.next().id());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertThrows(IllegalArgumentException.class, () -> video.iterator(3, 2));
        assertThrows(IllegalArgumentException.class, () -> video.iterator(-1, 2));
    }

    @Test
    void motionClipsShowTheMoverAtBothEndsOfItsTrackAndTheAnswerIsItsDirection() throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        for (long i = 0; i < 60; i += 2) {
            Sample s = new ShapesVideo(CONFIG).sample(i);
            assertEquals("motion", s.category());
            assertEquals(MediaKind.VIDEO, s.mediaKind());
            assertEquals(6, s.media().size());
            Matcher m = TRACK.matcher(s.meta("track"));
            assertTrue(m.matches(), s.meta("track"));
            int rgb = ShapeColor.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT)).rgb;
            int x0 = Integer.parseInt(m.group(3));
            int y0 = Integer.parseInt(m.group(4));
            int x1 = Integer.parseInt(m.group(5));
            int y1 = Integer.parseInt(m.group(6));
            BufferedImage first = Images.decode(s.media().get(0));
            BufferedImage last = Images.decode(s.media().get(5));
            assertEquals(rgb, first.getRGB(x0, y0) & 0xFFFFFF, s.id() + " first frame");
            assertEquals(rgb, last.getRGB(Math.min(127, x1), Math.min(127, y1)) & 0xFFFFFF, s.id() + " last frame");
            String expected = x1 < x0 ? "left" : x1 > x0 ? "right" : y1 < y0 ? "up" : "down";
            assertEquals(expected, s.answers().get(0), s.question());
            assertTrue(s.question().contains(m.group(1) + " " + m.group(2)));
            seen.merge(expected, 1, Integer::sum);
        }
        assertEquals(4, seen.size(), "every direction occurs: " + seen);
    }

    @Test
    void orderClipsRevealShapesAtIncreasingFramesAndTheAnswerIsTheEarlierKind() throws IOException {
        for (long i = 1; i < 40; i += 2) {
            Sample s = new ShapesVideo(CONFIG).sample(i);
            assertEquals("order", s.category());
            List<SceneText> scene = SceneText.parse(s.meta("scene"));
            String[] frames = s.meta("appear_frames").replaceAll("[\\[\\] ]", "").split(",");
            for (int k = 0; k < scene.size(); k++) {
                int f = Integer.parseInt(frames[k]);
                SceneText t = scene.get(k);
                if (f > 0) {
                    BufferedImage before = Images.decode(s.media().get(f - 1));
                    assertTrue((before.getRGB(t.x(), t.y()) & 0xFFFFFF) != t.rgb(), t.name() + " not yet at frame " + (f - 1));
                }
                BufferedImage at = Images.decode(s.media().get(f));
                assertEquals(t.rgb(), at.getRGB(t.x(), t.y()) & 0xFFFFFF, t.name() + " visible at frame " + f);
            }
            String q = s.question();
            String a = q.replaceAll("^Which appears first, the (.*) or the (.*)\\?$", "$1");
            String b = q.replaceAll("^Which appears first, the (.*) or the (.*)\\?$", "$2");
            int ia = indexOf(scene, a);
            int ib = indexOf(scene, b);
            String expected = scene.get(Integer.parseInt(frames[ia]) < Integer.parseInt(frames[ib]) ? ia : ib).kind();
            assertEquals(expected, s.answers().get(0), q);
        }
    }

    @Test
    void clipsAreDeterministic() {
        Sample a = new ShapesVideo(CONFIG).sample(5);
        Sample b = new ShapesVideo(CONFIG).iterator(5, 6).next();
        for (int f = 0; f < 6; f++) {
            assertArrayEquals(a.media().get(f), b.media().get(f));
        }
    }

    private static int indexOf(List<SceneText> scene, String name) {
        for (int i = 0; i < scene.size(); i++) {
            if (scene.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name + " not in scene");
    }
}
