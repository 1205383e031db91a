package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.video.SampledVideo;
import io.iwpspark.datasets.video.VideoException;
import io.iwpspark.datasets.video.VideoFrames;
import io.iwpspark.datasets.video.VideoLimits;
import io.iwpspark.datasets.video.VideoSampling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Finding and decoding the video of one question, for the readers: failures are bad records naming the file. */
final class VideoFiles {
    private VideoFiles() {
    }

    /** The first of {@code tried} that exists, else a bad record listing them relative to {@code root}. */
    static Path locate(Path root, List<Path> tried) throws BadRecordException {
        for (Path p : tried) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new BadRecordException("field video: expected a video file or frame folder but found none at "
                + tried.stream().map(p -> root.relativize(p).toString()).collect(Collectors.joining(", ")) + " under " + root);
    }

    /** The sampled PNG frames of a video file or frame folder; the indices and frame count go to {@code meta}. */
    static List<byte[]> frames(Path path, VideoSampling sampling, VideoLimits limits, Map<String, String> meta)
            throws BadRecordException {
        if (Files.isDirectory(path)) {
            return FrameFolder.sample(path, sampling, meta);
        }
        SampledVideo v;
        try {
            v = VideoFrames.sample(path, sampling, limits);
        } catch (VideoException e) {
            throw new BadRecordException("field video: " + e.getMessage(), e);
        }
        meta.put("frame_indices", Arrays.stream(v.indices()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        meta.put("total_frames", Integer.toString(v.info().frameCount()));
        return v.frames();
    }
}
