package io.iwpspark.datasets.synthetic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * POPE-style choice of an absent object for an existence question (Li et al. 2023: random,
 * popular, adversarial). Here an "object" is a (colour, kind) name.
 */
enum Negatives {
    /** Any absent name, uniformly. */
    RANDOM,
    /** The absent name that is most frequent over the whole benchmark (highest prior). */
    POPULAR,
    /** The absent name that shares the most attributes with the shapes present (co-occurrence). */
    ADVERSARIAL;

    String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The (kind, colour) pair to ask about; never one present in {@code shapes}. Ties go to the
     * earlier kind, then the earlier colour, in enum order.
     */
    Shape pick(List<Shape> shapes, SplittableRandom rng) {
        List<Shape> absent = new ArrayList<>();
        for (ShapeKind k : ShapeKind.values()) {
            for (ShapeColor c : ShapeColor.values()) {
                boolean present = shapes.stream().anyMatch(s -> s.kind() == k && s.color() == c);
                if (!present) {
                    absent.add(new Shape(k, c, ShapeSize.SMALL, 0, 0, 0));
                }
            }
        }
        Comparator<Shape> byPrior = Comparator.comparingDouble(s -> s.kind().prior * s.color().prior);
        return switch (this) {
            case RANDOM -> absent.get(rng.nextInt(absent.size()));
            case POPULAR -> absent.stream().max(byPrior).orElseThrow();
            case ADVERSARIAL -> absent.stream()
                    .max(Comparator.<Shape>comparingInt(a -> shared(a, shapes)).thenComparing(byPrior))
                    .orElseThrow();
        };
    }

    /** How many present shapes share the kind or the colour of {@code a}. */
    private static int shared(Shape a, List<Shape> shapes) {
        int n = 0;
        for (Shape s : shapes) {
            if (s.kind() == a.kind() || s.color() == a.color()) {
                n++;
            }
        }
        return n;
    }
}
