package io.iwpspark.datasets.video;

import io.iwpspark.datasets.schema.MediaLimits;

/**
 * Bounds checked before a video is decoded, from the file and the container's stream header, so a
 * huge or hostile file fails with its name and the limit instead of filling memory; the sampled frames
 * are checked after encoding against the per-frame bytes (and pixels, for frame folders).
 *
 * @param maxFileBytes  largest file accepted
 * @param maxPixels     largest width * height of a frame (sweep key media.max_pixels when made by {@link #of})
 * @param maxFrames     largest frame count (header, estimate from duration * frame rate, and packets indexed)
 * @param maxSampled    most frames one sample may carry (the PYAV rule keeps every frame of a webm / mkv;
 *                      media.max_frames)
 * @param maxFrameBytes largest encoded (PNG) sampled frame (media.max_bytes)
 */
public record VideoLimits(long maxFileBytes, long maxPixels, long maxFrames, int maxSampled, long maxFrameBytes)
        implements java.io.Serializable {
    /** 8 GiB, 8K UHD (7680 x 4320), 2 hours at 60 frames/s, 1024 frames a sample: above any video benchmark's files. */
    public static final VideoLimits DEFAULT = new VideoLimits(8L << 30, 7680L * 4320, 432_000, VideoSampling.MAX_FRAMES);

    public VideoLimits {
        if (maxFileBytes < 1 || maxPixels < 1 || maxFrames < 1 || maxSampled < 1 || maxFrameBytes < 1) {
            throw new IllegalArgumentException("video limits: expected all positive but found maxFileBytes=" + maxFileBytes
                    + ", maxPixels=" + maxPixels + ", maxFrames=" + maxFrames + ", maxSampled=" + maxSampled
                    + ", maxFrameBytes=" + maxFrameBytes);
        }
    }

    /** No bound on an encoded frame's bytes. */
    public VideoLimits(long maxFileBytes, long maxPixels, long maxFrames, int maxSampled) {
        this(maxFileBytes, maxPixels, maxFrames, maxSampled, Long.MAX_VALUE);
    }

    /**
     * The sweep's media limits applied to videos, so a prepared sample passes the sweep's own check:
     * media.max_pixels per frame, media.max_frames frames a sample, media.max_bytes per encoded frame;
     * file size and container frame count keep {@link #DEFAULT}'s bounds.
     */
    public static VideoLimits of(MediaLimits media) {
        return new VideoLimits(DEFAULT.maxFileBytes, media.maxPixels(), DEFAULT.maxFrames, media.maxFrames(), media.maxBytes());
    }

    /** The per-frame limits as {@link MediaLimits}, for checking encoded frames' headers. */
    public MediaLimits perFrame() {
        return new MediaLimits(maxPixels, maxSampled, maxFrameBytes);
    }
}
