package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.video.VideoSampling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A video stored as a folder of frame images (jpg / png, natural name order), sampled as a video file would be. */
final class FrameFolder {
    private FrameFolder() {
    }

    /** The frame images (jpg / png) of a folder in natural name order; none, or an unreadable folder, is a bad record. */
    static List<Path> list(Path dir) throws BadRecordException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
            }).sorted((a, b) -> NaturalOrder.compare(a.getFileName().toString(), b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new BadRecordException("field video: frame folder " + dir + " could not be listed: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new BadRecordException("field video: expected frames (jpg/png) in " + dir + " but found none");
        }
        return files;
    }

    /** The images at the rule's indices over the folder's image count; records them in {@code meta}. */
    static List<byte[]> sample(Path dir, VideoSampling sampling, Map<String, String> meta) throws BadRecordException {
        List<Path> files = list(dir);
        int[] indices = sampling.rule().indices(dir.toString(), files.size(), files.size(), sampling.frames());
        List<byte[]> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(MediaFiles.imageFile("video frame", files.get(i)));
        }
        meta.put("frame_indices", Arrays.stream(indices).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        meta.put("total_frames", Integer.toString(files.size()));
        return out;
    }
}
