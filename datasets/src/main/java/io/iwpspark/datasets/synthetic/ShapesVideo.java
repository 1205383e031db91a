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
 * ShapesVideo: short clips (config.frames() frames) on a fixed textured background. Even samples
 * ask the direction a shape moves in ("motion": left, right, up, down) while other shapes stay
 * still; odd samples show shapes appearing one after another and ask which of two appears first
 * ("order": the answer is a kind word, the two asked about have different kinds).
 */
public final class ShapesVideo {
    public static final String BENCHMARK = "shapes_video";
    public static final List<String> FAMILIES = List.of("motion", "order");
    private static final String[] DIRECTIONS = {"left", "right", "up", "down"};

    private final ShapesConfig config;

    public ShapesVideo(ShapesConfig config) {
        this.config = config;
    }

    public Iterator<Sample> iterator(long from, long to) {
        return Scenes.range(from, to, this::sample);
    }

    public Sample sample(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("sample index: expected >= 0 but found " + index);
        }
        SplittableRandom rng = Scenes.rng(config.seed(), index, 3);
        Renderer.Background bg = Renderer.Background.random(rng);
        String family = FAMILIES.get((int) (index % 2));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("seed", Long.toString(config.seed()));
        meta.put("frames", Integer.toString(config.frames()));
        List<byte[]> frames = new ArrayList<>(config.frames());
        String question;
        String answer;
        if (family.equals("motion")) {
            List<Shape> shapes = Scenes.place(rng, 1 + rng.nextInt(3), config.width(), config.height());
            Shape mover = shapes.get(0);
            String dir = DIRECTIONS[rng.nextInt(4)];
            // Start near one edge and travel 60% of the frame towards the other; distractors stay.
            double w = config.width();
            double h = config.height();
            double r = mover.radius();
            double x0 = dir.equals("left") ? w - r - 0.05 * w : dir.equals("right") ? r + 0.05 * w : w / 2;
            double y0 = dir.equals("up") ? h - r - 0.05 * h : dir.equals("down") ? r + 0.05 * h : h / 2;
            double dx = dir.equals("left") ? -0.6 * w : dir.equals("right") ? 0.6 * w : 0;
            double dy = dir.equals("up") ? -0.6 * h : dir.equals("down") ? 0.6 * h : 0;
            List<Shape> still = shapes.subList(1, shapes.size());
            for (int f = 0; f < config.frames(); f++) {
                double t = f / (double) (config.frames() - 1);
                List<Shape> frame = new ArrayList<>(still);
                frame.add(mover.at(x0 + t * dx, y0 + t * dy));
                frames.add(Renderer.png(Renderer.draw(config.width(), config.height(), bg, frame)));
            }
            meta.put("scene", ShapesVqa.describe(still));
            meta.put("track", String.format("%s@(%d,%d)->(%d,%d)", mover.name(), Math.round(x0), Math.round(y0),
                    Math.round(x0 + dx), Math.round(y0 + dy)));
            question = "In which direction does the " + mover.name() + " move?";
            answer = dir;
        } else {
            List<Shape> shapes = distinctKinds(Scenes.place(rng, 3, config.width(), config.height()));
            // Appearance frames: strictly increasing, the first shape already visible at frame 0
            // or later, the last one visible for at least one frame.
            int[] appear = new int[shapes.size()];
            int step = Math.max(1, (config.frames() - 1) / shapes.size());
            for (int i = 0; i < shapes.size(); i++) {
                appear[i] = i * step + (i == 0 ? 0 : rng.nextInt(Math.max(1, step / 2)));
            }
            for (int f = 0; f < config.frames(); f++) {
                List<Shape> frame = new ArrayList<>();
                for (int i = 0; i < shapes.size(); i++) {
                    if (appear[i] <= f) {
                        frame.add(shapes.get(i));
                    }
                }
                frames.add(Renderer.png(Renderer.draw(config.width(), config.height(), bg, frame)));
            }
            int a = rng.nextInt(shapes.size());
            int b = (a + 1 + rng.nextInt(shapes.size() - 1)) % shapes.size();
            question = "Which appears first, the " + shapes.get(a).name() + " or the " + shapes.get(b).name() + "?";
            answer = shapes.get(Math.min(a, b)).kind().word;
            meta.put("appear_frames", java.util.Arrays.toString(appear));
            meta.put("scene", ShapesVqa.describe(shapes));
        }
        meta.put("scene_id", "clip-" + index);
        AnswerType type = AnswerType.SHORT_TEXT;
        return new Sample(String.format("shapes_video-%08d", index), BENCHMARK, config.split(), family,
                MediaKind.VIDEO, frames, question, List.of(), List.of(answer), type, meta, null);
    }

    /** Keeps the first shape of each kind, so a kind word names one shape; at least two remain. */
    private static List<Shape> distinctKinds(List<Shape> shapes) {
        List<Shape> out = new ArrayList<>();
        for (Shape s : shapes) {
            if (out.stream().noneMatch(o -> o.kind() == s.kind())) {
                out.add(s);
            }
        }
        if (shapes.size() < 2) {
            throw new IllegalStateException("order clip: placed only " + shapes.size() + " shapes");
        }
        if (out.size() < 2) {
            // Re-kind the second shape deterministically: the next kind after the first's.
            Shape first = out.get(0);
            Shape second = shapes.get(1);
            ShapeKind k = ShapeKind.values()[(first.kind().ordinal() + 1) % ShapeKind.values().length];
            out.add(new Shape(k, second.color(), second.size(), second.cx(), second.cy(), second.radius()));
        }
        return out;
    }
}
