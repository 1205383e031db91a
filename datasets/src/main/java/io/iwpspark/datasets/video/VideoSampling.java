package io.iwpspark.datasets.video;

import java.util.Locale;

/**
 * How many frames of each video a sample carries, and by which lmms-eval rule: one sweep point's
 * video options. {@code frames} is the sweep key {@code video_frames}; the rule the key
 * {@code video_sampling} ({@code uniform} or {@code pyav}).
 *
 * @param frames frames asked for, 1 to {@link #MAX_FRAMES}
 * @param rule   the sampling rule
 */
public record VideoSampling(int frames, SamplingRule rule) implements java.io.Serializable {
    public static final int MAX_FRAMES = 1024;
    /** lmms-eval's default for LLaVA-OneVision and llava_hf ({@code max_frames_num=32}, decord). */
    public static final VideoSampling DEFAULT = new VideoSampling(32, SamplingRule.UNIFORM);

    public VideoSampling {
        if (frames < 1 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException("video_frames: expected 1 to " + MAX_FRAMES + " but found " + frames);
        }
        if (rule == null) {
            throw new IllegalArgumentException("video_sampling: expected uniform or pyav but found nothing");
        }
    }

    /** @param rule "uniform" or "pyav", any case */
    public static VideoSampling of(int frames, String rule) {
        SamplingRule r;
        try {
            r = SamplingRule.valueOf(rule.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("video_sampling: expected uniform or pyav but found \"" + rule + "\"", e);
        }
        return new VideoSampling(frames, r);
    }

    public VideoSampling withFrames(int n) {
        return new VideoSampling(n, rule);
    }
}
