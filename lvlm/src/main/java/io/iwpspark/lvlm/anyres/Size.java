package io.iwpspark.lvlm.anyres;

/** A height and width in pixels (or in feature-grid cells), height first as transformers writes image sizes. */
public record Size(int height, int width) {
    public Size {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("height and width must be >= 0, found " + height + "x" + width);
        }
    }

    public long area() {
        return (long) height * width;
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
