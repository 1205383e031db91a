package io.iwpspark.datasets.schema;

/** What the {@code media} column of a sample holds. */
public enum MediaKind {
    /** No media: an error row, or a text-only question. */
    NONE,
    /** One or more still images, each an encoded file (PNG, JPEG, ...). */
    IMAGE,
    /** The frames of one video, in time order, each an encoded image. */
    VIDEO;

    public static MediaKind parse(String stored) {
        for (MediaKind k : values()) {
            if (k.name().equals(stored)) {
                return k;
            }
        }
        throw new IllegalArgumentException("media_kind: expected one of "
                + java.util.Arrays.toString(values()) + " but found \"" + stored + "\"");
    }
}
