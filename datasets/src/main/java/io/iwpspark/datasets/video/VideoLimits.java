package io.iwpspark.datasets.video;

/**
 * Bounds checked before a video is decoded, from the file and the container's stream header, so a
 * huge or hostile file fails with its name and the limit instead of filling memory.
 *
 * @param maxFileBytes largest file accepted
 * @param maxPixels    largest width * height of a frame
 * @param maxFrames    largest frame count (header, estimate from duration * frame rate, and packets indexed)
 * @param maxSampled   most frames one sample may carry (the PYAV rule keeps every frame of a webm / mkv)
 */
public record VideoLimits(long maxFileBytes, long maxPixels, long maxFrames, int maxSampled) implements java.io.Serializable {
    /** 8 GiB, 8K UHD (7680 x 4320), 2 hours at 60 frames/s, 1024 frames a sample: above any video benchmark's files. */
    public static final VideoLimits DEFAULT = new VideoLimits(8L << 30, 7680L * 4320, 432_000, VideoSampling.MAX_FRAMES);

    public VideoLimits {
        if (maxFileBytes < 1 || maxPixels < 1 || maxFrames < 1 || maxSampled < 1) {
            throw new IllegalArgumentException("video limits: expected all positive but found maxFileBytes=" + maxFileBytes
                    + ", maxPixels=" + maxPixels + ", maxFrames=" + maxFrames + ", maxSampled=" + maxSampled);
        }
    }
}
