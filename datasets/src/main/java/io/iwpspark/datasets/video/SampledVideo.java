package io.iwpspark.datasets.video;

import java.util.List;

/**
 * The frames a sample carries for one video.
 *
 * @param indices frame numbers in the order of {@code frames} (repeats kept, as lmms-eval keeps them)
 * @param frames  one encoded PNG per index
 */
public record SampledVideo(VideoInfo info, int[] indices, List<byte[]> frames) {
    public SampledVideo {
        frames = List.copyOf(frames);
        if (indices.length != frames.size()) {
            throw new IllegalArgumentException("frames: expected one per index (" + indices.length + ") but found " + frames.size());
        }
        indices = indices.clone();
    }
}
