package io.iwpspark.datasets.readers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Letters;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.video.SampledVideo;
import io.iwpspark.datasets.video.VideoException;
import io.iwpspark.datasets.video.VideoFrames;
import io.iwpspark.datasets.video.VideoLimits;
import io.iwpspark.datasets.video.VideoSampling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MVBench as published (see {@link MvBenchLayout}): one row per question of each {@code json/<task>.json}
 * (a JSON array of {video, question, candidates, answer = the right candidate's text}, some with
 * start / end), category = the task, the video's frames decoded and sampled by {@link VideoSampling}
 * as lmms-eval samples them, stored as PNG. A task whose videos are frame folders (tvqa in the main
 * branch) has its images sampled by the same rule. A missing or undecodable video, or a bad field,
 * is an error row naming the question file, the record and the video file.
 */
public final class MvBenchReader {
    public static final String BENCHMARK = "mvbench";
    public static final String SPLIT = "test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final VideoSampling sampling;
    private final VideoLimits limits;

    public MvBenchReader(VideoSampling sampling, VideoLimits limits) {
        this.sampling = sampling;
        this.limits = limits;
    }

    /** The question files of an MVBench folder: the units to spread over executors. */
    public static List<Path> questionFiles(Path root) throws IOException {
        return MvBenchLayout.questionFiles(root);
    }

    /** Every question of every task under {@code root}. */
    public List<Sample> read(Path root) throws IOException {
        List<Sample> out = new ArrayList<>();
        for (Path f : questionFiles(root)) {
            out.addAll(readTask(root, f));
        }
        return out;
    }

    /** The questions of one task file; a file that is not a JSON array is one error row. */
    public List<Sample> readTask(Path root, Path questionFile) throws IOException {
        String file = questionFile.getFileName().toString();
        String task = file.substring(0, file.length() - ".json".length());
        JsonNode all;
        try {
            all = JSON.readTree(Files.readString(questionFile));
        } catch (JsonProcessingException e) {
            return List.of(ErrorRows.of(BENCHMARK, SPLIT, file, "record", 0, "malformed JSON: " + e.getOriginalMessage()));
        }
        if (all == null || !all.isArray()) {
            return List.of(ErrorRows.of(BENCHMARK, SPLIT, file, "record", 0, "expected a JSON array of questions but found "
                    + (all == null ? "nothing" : all.getNodeType())));
        }
        List<Sample> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            try {
                out.add(record(root, task, file, i + 1, all.get(i)));
            } catch (BadRecordException | IllegalArgumentException e) { // IAE: the Sample's own checks
                out.add(ErrorRows.of(BENCHMARK, SPLIT, file, "record", i + 1, e.getMessage()));
            }
        }
        return out;
    }

    private Sample record(Path root, String task, String file, int n, JsonNode o) throws BadRecordException {
        String video = Json.text(o, "video");
        List<String> candidates = Json.strings(o, "candidates");
        String answer = Json.text(o, "answer");
        int k = candidates.indexOf(answer);
        if (k < 0) {
            throw new BadRecordException("field answer: expected one of the candidates " + candidates + " but found \"" + answer + "\"");
        }
        String question = Json.text(o, "question");
        Path path = locate(root, task, video);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", file + ":" + n);
        meta.put("video", video);
        for (String f : List.of("start", "end")) {
            String v = Json.optText(o, f);
            if (!v.isEmpty()) {
                meta.put(f, v);
            }
        }
        List<byte[]> frames = Files.isDirectory(path) ? FrameFolder.sample(path, sampling, meta) : decode(path, meta);
        return new Sample(task + "/" + n, BENCHMARK, SPLIT, task, MediaKind.VIDEO, frames, question, candidates,
                List.of(Letters.of(k)), AnswerType.MULTIPLE_CHOICE, meta, null);
    }

    private List<byte[]> decode(Path path, Map<String, String> meta) throws BadRecordException {
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

    private static Path locate(Path root, String task, String video) throws BadRecordException {
        List<Path> tried = MvBenchLayout.candidates(root, task, video);
        for (Path p : tried) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new BadRecordException("field video: expected a video file or frame folder but found none at "
                + tried.stream().map(p -> root.relativize(p).toString()).collect(Collectors.joining(", ")) + " under " + root);
    }
}
