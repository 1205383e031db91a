package io.iwpspark.jobs.config;

import io.iwpspark.datasets.video.VideoSampling;
import java.util.List;
import java.util.Objects;

/**
 * What {@code iwp prepare} reads besides the synthetic benchmark.
 *
 * @param sources downloaded benchmarks (sweep key {@code sources}), in declaration order
 * @param video   frames per video sample and the lmms-eval rule choosing them (keys {@code video_frames},
 *                {@code video_sampling})
 */
public record PrepareSettings(List<SourceSpec> sources, VideoSampling video) implements java.io.Serializable {
    /** No sources; 32 frames, uniform (lmms-eval's default for LLaVA-OneVision). */
    public static final PrepareSettings NONE = new PrepareSettings(List.of(), VideoSampling.DEFAULT);

    public PrepareSettings {
        sources = List.copyOf(sources);
        Objects.requireNonNull(video, "video");
    }
}
