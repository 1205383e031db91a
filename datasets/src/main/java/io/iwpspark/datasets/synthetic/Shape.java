package io.iwpspark.datasets.synthetic;

/**
 * One drawn shape: its kind, colour and size class, centre and radius in pixels (the radius of the
 * circle that encloses it).
 */
public record Shape(ShapeKind kind, ShapeColor color, ShapeSize size, double cx, double cy, double radius) {

    /** "red circle": how questions name the shape (unique within a scene). */
    public String name() {
        return color.word + " " + kind.word;
    }

    public boolean overlaps(Shape o, double gap) {
        double dx = cx - o.cx;
        double dy = cy - o.cy;
        double min = radius + o.radius + gap;
        return dx * dx + dy * dy < min * min;
    }

    public Shape at(double x, double y) {
        return new Shape(kind, color, size, x, y, radius);
    }
}
