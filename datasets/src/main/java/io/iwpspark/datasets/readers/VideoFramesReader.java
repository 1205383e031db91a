package io.iwpspark.datasets.readers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Letters;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Video multiple choice with frames extracted to folders: {@code <framesRoot>/<video name without
 * extension>/} holds the frames (jpg / png), ordered by name with numbers compared as numbers.
 * The question file is a JSON array or JSON lines, each record either MVBench style (video,
 * question, candidates, answer = the right candidate's text) or Video-MME style (videoID,
 * question_id, question, options = ["A. ...", ...], answer = letter, duration, domain,
 * sub_category, task_type). One row per record, errors included.
 */
public final class VideoFramesReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String benchmark;
    private final String split;

    private final boolean mediaOutside;

    public VideoFramesReader(String benchmark, String split) {
        this(benchmark, split, false);
    }

    private VideoFramesReader(String benchmark, String split, boolean mediaOutside) {
        this.benchmark = benchmark;
        this.split = split;
        this.mediaOutside = mediaOutside;
    }

    /** A reader that follows frame folders and frames out of the frames root ({@code ..}, symlinks). */
    public VideoFramesReader allowMediaOutsideFolder() {
        return new VideoFramesReader(benchmark, split, true);
    }

    /** @param defaultCategory the category when records carry none (MVBench: the task of the file) */
    public List<Sample> read(Path questionFile, Path framesRoot, String defaultCategory) throws IOException {
        String file = questionFile.getFileName().toString();
        Utf8Text decoded = Utf8Text.read(questionFile); // a JSON array keeps U+FFFD for an invalid byte
        String text = decoded.text();
        List<Sample> out = new ArrayList<>();
        if (text.stripLeading().startsWith("[")) {
            JsonNode all;
            try {
                all = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IOException(file + ": malformed JSON array: " + e.getOriginalMessage(), e);
            }
            for (int i = 0; i < all.size(); i++) {
                out.add(one(all.get(i), framesRoot, defaultCategory, file, "record", i + 1));
            }
            return out;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (decoded.badLines().containsKey(i + 1L)) { // one bad byte costs its line only
                out.add(ErrorRows.of(benchmark, split, file, "line", i + 1, decoded.badLines().get(i + 1L)));
                continue;
            }
            try {
                out.add(one(JSON.readTree(lines[i]), framesRoot, defaultCategory, file, "line", i + 1));
            } catch (JsonProcessingException e) {
                out.add(ErrorRows.of(benchmark, split, file, "line", i + 1, "malformed JSON: " + e.getOriginalMessage()));
            }
        }
        return out;
    }

    private Sample one(JsonNode o, Path framesRoot, String defaultCategory, String file, String unit, long n) {
        try {
            return o.has("videoID") ? videoMme(o, framesRoot, file + ":" + n) : mvBench(o, framesRoot, defaultCategory, file, n);
        } catch (BadRecordException | IllegalArgumentException e) { // IAE: the Sample's own checks
            return ErrorRows.of(benchmark, split, file, unit, n, e.getMessage());
        }
    }

    private Sample mvBench(JsonNode o, Path root, String category, String file, long n) throws BadRecordException {
        String video = Json.text(o, "video");
        List<String> candidates = Json.strings(o, "candidates");
        String answer = Json.text(o, "answer");
        int k = candidates.indexOf(answer);
        if (k < 0) {
            throw new BadRecordException("field answer: expected one of the candidates " + candidates + " but found \"" + answer + "\"");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", file + ":" + n);
        meta.put("video", video);
        String id = category + "/" + n;
        return new Sample(id, benchmark, split, category, MediaKind.VIDEO, frames(root, video, mediaOutside), Json.text(o, "question"),
                candidates, List.of(Letters.of(k)), AnswerType.MULTIPLE_CHOICE, meta, null);
    }

    private Sample videoMme(JsonNode o, Path root, String source) throws BadRecordException {
        String video = Json.text(o, "videoID");
        List<String> options = Options.unlettered("options", Json.strings(o, "options"));
        String answer = Options.letter("answer", Json.text(o, "answer"), options);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", source);
        meta.put("video", video);
        for (String f : List.of("domain", "sub_category", "task_type", "video_id")) {
            String v = Json.optText(o, f);
            if (!v.isEmpty()) {
                meta.put(f, v);
            }
        }
        return new Sample(Json.text(o, "question_id"), benchmark, split, Json.optText(o, "duration"), MediaKind.VIDEO,
                frames(root, video, mediaOutside), Json.text(o, "question"), options, List.of(answer), AnswerType.MULTIPLE_CHOICE, meta, null);
    }

    /** The checked frame images of one video, in natural name order. */
    static List<byte[]> frames(Path root, String video, boolean mediaOutside) throws BadRecordException {
        String stem = video.contains(".") ? video.substring(0, video.lastIndexOf('.')) : video;
        Path dir = MediaFiles.confined("video", root, stem, mediaOutside);
        if (!Files.isDirectory(dir)) {
            throw new BadRecordException("field video: expected a frame folder " + dir + " but found none");
        }
        List<Path> files = FrameFolder.list(dir);
        List<byte[]> out = new ArrayList<>(files.size());
        for (Path f : files) {
            Path frame = MediaFiles.confined("video frame", root, dir.resolve(f.getFileName()).toString(), mediaOutside);
            out.add(MediaFiles.imageFile("video frame", frame));
        }
        return out;
    }
}
