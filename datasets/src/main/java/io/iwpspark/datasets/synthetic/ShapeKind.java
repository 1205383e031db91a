package io.iwpspark.datasets.synthetic;

/** Shape kinds of ShapesVQA; {@link #prior} is how often a shape of this kind is drawn. */
public enum ShapeKind {
    CIRCLE("circle", 0.4),
    SQUARE("square", 0.3),
    TRIANGLE("triangle", 0.2),
    DIAMOND("diamond", 0.1);

    /** The word used in questions and answers. */
    public final String word;
    /** Relative frequency in generated scenes; drives POPE-style "popular" negatives. */
    public final double prior;

    ShapeKind(String word, double prior) {
        this.word = word;
        this.prior = prior;
    }
}
