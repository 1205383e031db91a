package io.iwpspark.lvlm;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The visual input of one sample: a still image, or a video's sampled frames in order. Families
 * process the two differently (LLaVA-NeXT tiles an image into crops; OneVision pools video frames).
 *
 * @param kind IMAGE (one still image, or several shown together) or VIDEO (one or more frames)
 * @param frames the decoded frames, RGB or with alpha (laid over white by the processors)
 */
public record Media(Kind kind, List<BufferedImage> frames) {
    public Media {
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("media must hold at least one frame, found none");
        }
    }

    public static Media image(BufferedImage image) {
        return new Media(Kind.IMAGE, List.of(image));
    }

    public static Media images(List<BufferedImage> images) {
        return new Media(Kind.IMAGE, images);
    }

    public static Media video(List<BufferedImage> frames) {
        return new Media(Kind.VIDEO, frames);
    }

    /** What the frames are. */
    public enum Kind {
        IMAGE, VIDEO
    }
}
