package io.iwpspark.datasets.synthetic;

/** Shape colours of ShapesVQA: saturated, far apart, and far from the pale backgrounds. */
public enum ShapeColor {
    RED("red", 0xD62728, 0.25),
    BLUE("blue", 0x1F4FD6, 0.2),
    GREEN("green", 0x1E9E3A, 0.2),
    YELLOW("yellow", 0xF2C400, 0.15),
    PURPLE("purple", 0x7E2FB8, 0.1),
    ORANGE("orange", 0xF07A10, 0.1);

    public final String word;
    /** 0xRRGGBB. */
    public final int rgb;
    /** Relative frequency in generated scenes. */
    public final double prior;

    ShapeColor(String word, int rgb, double prior) {
        this.word = word;
        this.rgb = rgb;
        this.prior = prior;
    }
}
