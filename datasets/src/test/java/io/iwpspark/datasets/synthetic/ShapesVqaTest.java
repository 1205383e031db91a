package io.iwpspark.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Images;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapesVqaTest {
    private static final ShapesConfig CONFIG = ShapesConfig.defaults(7);

    private static List<Sample> first(ShapesConfig c, int n) {
        List<Sample> out = new ArrayList<>();
        new ShapesVqa(c).iterator(0, n).forEachRemaining(out::add);
        return out;
    }

    @Test
    void sameSeedAndIndexGiveIdenticalSamplesWhateverTheOrder() {
        List<Sample> a = first(CONFIG, 40);
        ShapesVqa fresh = new ShapesVqa(CONFIG);
        for (int i = 39; i >= 0; i--) { // reverse order defeats the one-image cache
            Sample b = fresh.sample(i);
            assertEquals(a.get(i).question(), b.question(), "question " + i);
            assertEquals(a.get(i).answers(), b.answers(), "answers " + i);
            assertArrayEquals(a.get(i).media().get(0), b.media().get(0), "image bytes " + i);
        }
        Sample other = new ShapesVqa(ShapesConfig.defaults(8)).sample(0);
        assertFalse(java.util.Arrays.equals(a.get(0).media().get(0), other.media().get(0)), "another seed, another image");
    }

    @Test
    void familiesCycleAndFiveQuestionsShareOneImage() {
        List<Sample> s = first(CONFIG, 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(ShapesVqa.FAMILIES.get(i % 5), s.get(i).category());
            assertEquals("shapes-" + (i / 5), s.get(i).meta("image_id"));
            assertEquals(MediaKind.IMAGE, s.get(i).mediaKind());
            assertEquals(1, s.get(i).answers().size());
        }
        assertArrayEquals(s.get(0).media().get(0), s.get(4).media().get(0));
        assertFalse(java.util.Arrays.equals(s.get(0).media().get(0), s.get(5).media().get(0)));
    }

    @Test
    void imagesHaveTheConfiguredResolutionAndShapeColoursAtTheirCentres() throws IOException {
        ShapesConfig small = CONFIG.withSize(160, 120);
        for (Sample s : first(small, 50)) {
            BufferedImage img = Images.decode(s.media().get(0));
            assertEquals(160, img.getWidth());
            assertEquals(120, img.getHeight());
            for (SceneText t : SceneText.parse(s.meta("scene"))) {
                assertEquals(t.rgb(), img.getRGB(t.x(), t.y()) & 0xFFFFFF, t.name() + " in " + s.id());
            }
        }
    }

    @Test
    void everyAnswerFollowsFromTheScene() {
        Map<String, Integer> answersSeen = new HashMap<>();
        for (Sample s : first(CONFIG, 500)) {
            List<SceneText> scene = SceneText.parse(s.meta("scene"));
            String q = s.question();
            String a = s.answers().get(0);
            answersSeen.merge(s.category() + "=" + a, 1, Integer::sum);
            switch (s.category()) {
                case "color" -> {
                    String kind = q.substring(q.lastIndexOf(' ') + 1, q.length() - 1);
                    List<SceneText> ofKind = scene.stream().filter(t -> t.kind().equals(kind)).toList();
                    if (q.contains("leftmost")) {
                        assertTrue(ofKind.size() > 1, q + " only when the kind repeats: " + s.meta("scene"));
                        SceneText left = ofKind.stream().min(java.util.Comparator.comparingInt(SceneText::x)).orElseThrow();
                        assertEquals(left.color(), a, q);
                    } else {
                        assertEquals(1, ofKind.size(), q + " must name exactly one shape in " + s.meta("scene"));
                        assertEquals(ofKind.get(0).color(), a, q);
                    }
                    assertFalse(q.contains(a), "the question must not give the answer away: " + q);
                }
                case "count" -> {
                    String kind = q.replace("How many ", "").replace("s are there?", "");
                    assertEquals(Long.toString(scene.stream().filter(t -> t.kind().equals(kind)).count()), a, q);
                    assertEquals(AnswerType.NUMBER, s.answerType());
                }
                case "exist" -> {
                    String name = q.replace("Is there a ", "").replace(" in the image?", "");
                    boolean present = scene.stream().anyMatch(t -> t.name().equals(name));
                    assertEquals(present ? "yes" : "no", a, q + " / " + s.meta("scene"));
                    assertTrue(List.of("random", "popular", "adversarial").contains(s.meta("negative_sampling")));
                }
                case "position" -> {
                    String[] names = q.replaceAll("^Is the (.*) (to the left or to the right of|above or below) the (.*)\\?$",
                            "$1|$3").split("\\|");
                    SceneText p = scene.stream().filter(t -> t.name().equals(names[0])).findFirst().orElseThrow();
                    SceneText o = scene.stream().filter(t -> t.name().equals(names[1])).findFirst().orElseThrow();
                    String expected = q.contains("left") ? (p.x() < o.x() ? "left" : "right") : (p.y() < o.y() ? "above" : "below");
                    assertEquals(expected, a, q);
                }
                case "size" -> {
                    String name = q.replace("Is the ", "").replace(" small or large?", "");
                    assertEquals(scene.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().size(), a, q);
                }
                default -> throw new AssertionError("unknown family " + s.category());
            }
        }
        // Both answers of the yes/no and binary families occur: the benchmark is not degenerate.
        for (String key : List.of("exist=yes", "exist=no", "position=left", "position=right", "size=small", "size=large")) {
            assertTrue(answersSeen.getOrDefault(key, 0) > 10, key + " seen " + answersSeen.get(key));
        }
    }

    @Test
    void popeStyleNegativesFollowTheirRule() {
        List<Shape> present = List.of(
                new Shape(ShapeKind.CIRCLE, ShapeColor.RED, ShapeSize.SMALL, 10, 10, 5),
                new Shape(ShapeKind.TRIANGLE, ShapeColor.BLUE, ShapeSize.SMALL, 40, 40, 5));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        // Popular: the absent name with the highest prior. Red circle (0.4 * 0.25) is present; blue
        // and green circle tie at 0.4 * 0.2 and the tie goes to the earlier colour, blue.
        Shape popular = Negatives.POPULAR.pick(present, rng);
        assertEquals("blue circle", popular.name());
        // Adversarial: shares kind or colour with both present shapes: blue circle or red triangle.
        Shape adversarial = Negatives.ADVERSARIAL.pick(present, rng);
        assertTrue(adversarial.name().equals("blue circle") || adversarial.name().equals("red triangle"),
                adversarial.name());
        assertEquals("blue circle", adversarial.name(), "tie broken by the higher prior (0.08 vs 0.05)");
        for (int i = 0; i < 50; i++) {
            Shape r = Negatives.RANDOM.pick(present, rng);
            assertNotEquals("red circle", r.name());
            assertNotEquals("blue triangle", r.name());
        }
    }

    @Test
    void badConfigurationAndRangesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ShapesConfig(0, 32, 336, 2, 5, 8, "test"));
        assertThrows(IllegalArgumentException.class, () -> new ShapesConfig(0, 336, 336, 1, 5, 8, "test"));
        assertThrows(IllegalArgumentException.class, () -> new ShapesConfig(0, 336, 336, 2, 7, 8, "test"));
        assertThrows(IllegalArgumentException.class, () -> new ShapesConfig(0, 336, 336, 2, 5, 8, " "));
        Iterator<Sample> it = new ShapesVqa(CONFIG).iterator(3, 3);
        assertFalse(it.hasNext());
        assertThrows(java.util.NoSuchElementException.class, it::next);
        assertThrows(IllegalArgumentException.class, () -> new ShapesVqa(CONFIG).iterator(5, 2));
    }
}
