package io.iwpspark.datasets.synthetic;

import java.io.Serializable;

/**
 * Settings of the synthetic benchmarks, validated where made.
 *
 * @param seed      every image, question and answer is a function of (seed, sample index)
 * @param width     image width in pixels (LLaVA-1.5 input size 336 by default)
 * @param height    image height in pixels
 * @param minShapes fewest shapes in a ShapesVQA image (at least 2: position questions need two)
 * @param maxShapes most shapes in a ShapesVQA image (at most 6: unique names, room to place them)
 * @param frames    frames per ShapesVideo clip (at least 4)
 * @param split     split name written into the table
 */
public record ShapesConfig(long seed, int width, int height, int minShapes, int maxShapes, int frames,
                           String split) implements Serializable {

    public static final int DEFAULT_SIZE = 336;

    public ShapesConfig {
        if (width < 64 || width > 4096) {
            throw new IllegalArgumentException("width: expected 64..4096 pixels but found " + width);
        }
        if (height < 64 || height > 4096) {
            throw new IllegalArgumentException("height: expected 64..4096 pixels but found " + height);
        }
        if (minShapes < 2 || minShapes > maxShapes) {
            throw new IllegalArgumentException("minShapes: expected 2..maxShapes (" + maxShapes
                    + ") but found " + minShapes);
        }
        if (maxShapes > 6) {
            throw new IllegalArgumentException("maxShapes: expected at most 6 but found " + maxShapes);
        }
        if (frames < 4 || frames > 64) {
            throw new IllegalArgumentException("frames: expected 4..64 but found " + frames);
        }
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("split: expected a non-blank name but found \"" + split + "\"");
        }
    }

    /** 336 x 336 images, 2..5 shapes, 8 frames per clip, split "test". */
    public static ShapesConfig defaults(long seed) {
        return new ShapesConfig(seed, DEFAULT_SIZE, DEFAULT_SIZE, 2, 5, 8, "test");
    }

    public ShapesConfig withSize(int w, int h) {
        return new ShapesConfig(seed, w, h, minShapes, maxShapes, frames, split);
    }

    public ShapesConfig withSplit(String s) {
        return new ShapesConfig(seed, width, height, minShapes, maxShapes, frames, s);
    }

    public ShapesConfig withFrames(int f) {
        return new ShapesConfig(seed, width, height, minShapes, maxShapes, f, split);
    }
}
