package io.iwpspark.datasets.synthetic;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ShapesVQA: coloured shapes on textured backgrounds with exact one-word answers. Sample {@code i}
 * asks question family {@code FAMILIES[i % 5]} about image {@code i / 5}, so one rendered image
 * serves five questions; everything is a pure function of (config, i), so any index range can be
 * generated independently (one Spark partition per range) with identical results.
 */
public final class ShapesVqa {
    public static final String BENCHMARK = "shapes_vqa";
    public static final List<String> FAMILIES = List.of("color", "count", "exist", "position", "size");

    private final ShapesConfig config;
    private long cachedImage = -1;
    private Scene cached;

    /** One image: its shapes, the POPE split its existence question follows, its PNG. */
    private record Scene(List<Shape> shapes, Negatives negatives, byte[] png) {
    }

    public ShapesVqa(ShapesConfig config) {
        this.config = config;
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), generated lazily. */
    public Iterator<Sample> iterator(long from, long to) {
        return Scenes.range(from, to, this::sample);
    }

    public Sample sample(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("sample index: expected >= 0 but found " + index);
        }
        long image = index / FAMILIES.size();
        Scene scene = scene(image);
        String family = FAMILIES.get((int) (index % FAMILIES.size()));
        SplittableRandom rng = Scenes.rng(config.seed(), index, 2);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("image_id", "shapes-" + image);
        meta.put("seed", Long.toString(config.seed()));
        meta.put("scene", describe(scene.shapes()));
        Qa qa = switch (family) {
            case "color" -> color(scene.shapes(), rng);
            case "count" -> count(scene.shapes(), rng);
            case "exist" -> exist(scene, rng, meta);
            case "position" -> position(scene.shapes(), rng);
            case "size" -> size(scene.shapes(), rng);
            default -> throw new IllegalStateException("unknown family " + family);
        };
        return new Sample(String.format("shapes_vqa-%08d", index), BENCHMARK, config.split(), family,
                MediaKind.IMAGE, List.of(scene.png()), qa.question(), List.of(), List.of(qa.answer()),
                qa.type(), meta, null);
    }

    private record Qa(String question, String answer, AnswerType type) {
    }

    private Scene scene(long image) {
        if (image != cachedImage) {
            SplittableRandom rng = Scenes.rng(config.seed(), image, 1);
            int n = config.minShapes() + rng.nextInt(config.maxShapes() - config.minShapes() + 1);
            List<Shape> shapes = Scenes.place(rng, n, config.width(), config.height());
            if (shapes.size() < 2) {
                throw new IllegalStateException("image " + image + ": placed only " + shapes.size()
                        + " shapes in " + config.width() + "x" + config.height());
            }
            Renderer.Background bg = Renderer.Background.random(rng);
            byte[] png = Renderer.png(Renderer.draw(config.width(), config.height(), bg, shapes));
            cached = new Scene(shapes, Negatives.values()[(int) (image % 3)], png);
            cachedImage = image;
        }
        return cached;
    }

    /**
     * Colour of a shape named by its kind alone when the kind appears once ("the triangle"),
     * otherwise as the leftmost of its kind ("the leftmost square"); never by its colour.
     */
    private static Qa color(List<Shape> shapes, SplittableRandom rng) {
        Shape s = shapes.get(rng.nextInt(shapes.size()));
        List<Shape> same = shapes.stream().filter(o -> o.kind() == s.kind()).toList();
        if (same.size() == 1) {
            return new Qa("What color is the " + s.kind().word + "?", s.color().word, AnswerType.SHORT_TEXT);
        }
        Shape leftmost = same.stream().min(java.util.Comparator.comparingDouble(Shape::cx)).orElseThrow();
        return new Qa("What color is the leftmost " + s.kind().word + "?", leftmost.color().word,
                AnswerType.SHORT_TEXT);
    }

    private static Qa count(List<Shape> shapes, SplittableRandom rng) {
        ShapeKind k = ShapeKind.values()[rng.nextInt(ShapeKind.values().length)];
        long n = shapes.stream().filter(s -> s.kind() == k).count();
        return new Qa("How many " + k.word + "s are there?", Long.toString(n), AnswerType.NUMBER);
    }

    private static Qa exist(Scene scene, SplittableRandom rng, Map<String, String> meta) {
        meta.put("negative_sampling", scene.negatives().word());
        boolean positive = rng.nextBoolean();
        Shape s = positive ? scene.shapes().get(rng.nextInt(scene.shapes().size()))
                : scene.negatives().pick(scene.shapes(), rng);
        return new Qa("Is there a " + s.name() + " in the image?", positive ? "yes" : "no", AnswerType.YES_NO);
    }

    /** Left or right of another shape; the pair is chosen so their centres are clearly apart. */
    private Qa position(List<Shape> shapes, SplittableRandom rng) {
        List<Shape[]> pairs = new ArrayList<>();
        for (Shape a : shapes) {
            for (Shape b : shapes) {
                if (a != b && Math.abs(a.cx() - b.cx()) > 0.1 * config.width()) {
                    pairs.add(new Shape[] {a, b});
                }
            }
        }
        if (pairs.isEmpty()) { // all centres in one column: ask above/below, which then differ
            Shape a = shapes.get(0);
            Shape b = shapes.get(1);
            return new Qa("Is the " + a.name() + " above or below the " + b.name() + "?",
                    a.cy() < b.cy() ? "above" : "below", AnswerType.SHORT_TEXT);
        }
        Shape[] p = pairs.get(rng.nextInt(pairs.size()));
        return new Qa("Is the " + p[0].name() + " to the left or to the right of the " + p[1].name() + "?",
                p[0].cx() < p[1].cx() ? "left" : "right", AnswerType.SHORT_TEXT);
    }

    private static Qa size(List<Shape> shapes, SplittableRandom rng) {
        Shape s = shapes.get(rng.nextInt(shapes.size()));
        return new Qa("Is the " + s.name() + " small or large?", s.size().word, AnswerType.SHORT_TEXT);
    }

    /** "large red circle@(120,40); ..." in pixels: for debugging and the training tool. */
    static String describe(List<Shape> shapes) {
        StringBuilder sb = new StringBuilder();
        for (Shape s : shapes) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(s.size().word).append(' ').append(s.name()).append("@(")
                    .append(Math.round(s.cx())).append(',').append(Math.round(s.cy())).append(')');
        }
        return sb.toString();
    }
}
