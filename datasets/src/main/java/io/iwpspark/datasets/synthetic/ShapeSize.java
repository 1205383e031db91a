package io.iwpspark.datasets.synthetic;

/** Two sizes, far enough apart to be unambiguous: radius as a fraction of the shorter image side. */
public enum ShapeSize {
    SMALL("small", 0.06),
    LARGE("large", 0.12);

    public final String word;
    public final double radiusFraction;

    ShapeSize(String word, double radiusFraction) {
        this.word = word;
        this.radiusFraction = radiusFraction;
    }
}
