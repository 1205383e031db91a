package io.iwpspark.datasets.video;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Samples a video file's frames by a lmms-eval rule and encodes them as the samples table stores them (PNG). */
public final class VideoFrames {
    private VideoFrames() {
    }

    /** PNG frames at the rule's indices; one decoder thread (Spark runs one task per core). */
    public static SampledVideo sample(Path file, VideoSampling sampling, VideoLimits limits) throws VideoException {
        return sample(file, sampling, limits, RgbFrame::png);
    }

    /**
     * @param encode what each decoded frame becomes (PNG bytes for the samples table); called once per
     *               distinct index, as the frame is decoded, so at most one RGB frame is held at a time
     */
    public static SampledVideo sample(Path file, VideoSampling sampling, VideoLimits limits, Function<RgbFrame, byte[]> encode)
            throws VideoException {
        try (FfmpegVideo video = FfmpegVideo.open(file, limits, 1)) {
            VideoInfo info = video.info();
            int[] indices = sampling.rule().indices(file.toString(), info.headerFrames(), info.frameCount(), sampling.frames());
            if (indices.length > limits.maxSampled()) {
                throw new VideoException(file + ": the " + sampling.rule().name().toLowerCase(java.util.Locale.ROOT) + " rule keeps "
                        + indices.length + " of its " + info.frameCount() + " frames, over the limit maxSampled=" + limits.maxSampled()
                        + " (media.max_frames)");
            }
            int[] distinct = Arrays.stream(indices).distinct().sorted().toArray();
            Map<Integer, byte[]> encoded = new HashMap<>();
            video.decode(distinct, f -> encoded.put(f.index(), encode.apply(f)));
            List<byte[]> frames = new ArrayList<>(indices.length);
            for (int i : indices) {
                frames.add(encoded.get(i));
            }
            return new SampledVideo(info, indices, frames);
        }
    }
}
