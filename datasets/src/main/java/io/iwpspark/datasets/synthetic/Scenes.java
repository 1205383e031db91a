package io.iwpspark.datasets.synthetic;

import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/** Random, non-overlapping placements of shapes with unique (colour, kind) names. */
final class Scenes {
    private Scenes() {
    }

    /** A deterministic stream per (seed, index): SplitMix64 is specified, so stable across JVMs. */
    /** Samples {@code from} (inclusive) to {@code to} (exclusive) of a generator, made lazily by {@code sample}. */
    static Iterator<Sample> range(long from, long to, LongFunction<Sample> sample) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("sample range: expected 0 <= from <= to but found [" + from + ", " + to + ")");
        }
        return new Iterator<>() {
            private long next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public Sample next() {
                if (next >= to) {
                    throw new NoSuchElementException("sample index " + next + " is past the range end " + to);
                }
                return sample.apply(next++);
            }
        };
    }

    static SplittableRandom rng(long seed, long index, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
        return new SplittableRandom(z);
    }

    static <E extends Enum<E>> E weighted(SplittableRandom rng, E[] values, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < values.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    static ShapeKind kind(SplittableRandom rng) {
        ShapeKind[] v = ShapeKind.values();
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = v[i].prior;
        }
        return weighted(rng, v, w);
    }

    static ShapeColor color(SplittableRandom rng) {
        ShapeColor[] v = ShapeColor.values();
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = v[i].prior;
        }
        return weighted(rng, v, w);
    }

    /**
     * {@code n} shapes with distinct names placed inside a w x h frame without overlap; returns
     * fewer when the frame is too crowded after a bounded number of tries.
     */
    static List<Shape> place(SplittableRandom rng, int n, int w, int h) {
        List<Shape> out = new ArrayList<>(n);
        Set<String> names = new HashSet<>();
        double side = Math.min(w, h);
        int tries = 0;
        while (out.size() < n && tries++ < 400) {
            ShapeKind k = kind(rng);
            ShapeColor c = color(rng);
            ShapeSize s = rng.nextBoolean() ? ShapeSize.SMALL : ShapeSize.LARGE;
            double r = s.radiusFraction * side;
            Shape cand = new Shape(k, c, s, r + rng.nextDouble() * (w - 2 * r), r + rng.nextDouble() * (h - 2 * r), r);
            if (names.contains(cand.name()) || collides(cand, out, 0.04 * side)) {
                continue;
            }
            names.add(cand.name());
            out.add(cand);
        }
        return out;
    }

    static boolean collides(Shape s, List<Shape> others, double gap) {
        for (Shape o : others) {
            if (s.overlaps(o, gap)) {
                return true;
            }
        }
        return false;
    }
}
