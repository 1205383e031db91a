package io.iwpspark.datasets.readers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LLaVA's evaluation question files (one JSON object per line: question_id, image, text, and
 * optionally category) with an image folder. Answers, where the file has them, come from "label"
 * (POPE's coco_pope_*.json annotation lines), "answer" or "answers". The prompt suffixes LLaVA-1.5
 * bakes into "text" are removed so the question is raw; a TextVQA "Reference OCR token:" line moves
 * to metadata "ocr_tokens". Every line gives one row: a sample, or an error row naming the line.
 */
public final class LlavaJsonlReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCR = "\nReference OCR token: ";

    private final String benchmark;
    private final String split;
    private final AnswerType answerType;
    private final boolean mediaOutside;

    public LlavaJsonlReader(String benchmark, String split, AnswerType answerType) {
        this(benchmark, split, answerType, false);
    }

    private LlavaJsonlReader(String benchmark, String split, AnswerType answerType, boolean mediaOutside) {
        this.benchmark = benchmark;
        this.split = split;
        this.answerType = answerType;
        this.mediaOutside = mediaOutside;
    }

    /** A reader that follows image paths out of the image folder ({@code ..}, absolute, symlinks). */
    public LlavaJsonlReader allowMediaOutsideFolder() {
        return new LlavaJsonlReader(benchmark, split, answerType, true);
    }

    /** {@code defaultCategory} is used when a line has none (POPE: the split named by the file). */
    public List<Sample> read(Path questionFile, Path imageFolder, String defaultCategory) throws IOException {
        List<Sample> out = new ArrayList<>();
        String file = questionFile.getFileName().toString();
        Utf8Text text = Utf8Text.read(questionFile);
        String[] lines = text.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            long n = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            if (text.badLines().containsKey(n)) { // one bad byte costs its line only
                out.add(ErrorRows.of(benchmark, split, file, "line", n, text.badLines().get(n)));
                continue;
            }
            try {
                out.add(sample(JSON.readTree(lines[i]), imageFolder, defaultCategory, file + ":" + n));
            } catch (JsonProcessingException e) {
                out.add(ErrorRows.of(benchmark, split, file, "line", n, "malformed JSON: " + e.getOriginalMessage()));
            } catch (BadRecordException | IllegalArgumentException e) { // IAE: the Sample's own checks
                out.add(ErrorRows.of(benchmark, split, file, "line", n, e.getMessage()));
            }
        }
        return out;
    }

    private Sample sample(JsonNode o, Path imageFolder, String defaultCategory, String source) throws BadRecordException {
        if (!o.isObject()) {
            throw new BadRecordException("expected a JSON object but found " + o.getNodeType());
        }
        String id = Json.text(o, "question_id");
        String image = Json.text(o, "image");
        String text = Json.text(o, "text");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", source);
        meta.put("image_id", image);
        int ocr = text.indexOf(OCR);
        if (ocr >= 0) {
            int end = text.indexOf('\n', ocr + OCR.length());
            meta.put("ocr_tokens", text.substring(ocr + OCR.length(), end < 0 ? text.length() : end));
            text = text.substring(0, ocr) + (end < 0 ? "" : text.substring(end));
        }
        for (String suffix : List.of(LlavaPrompts.SHORT, LlavaPrompts.LETTER)) {
            if (text.endsWith(suffix)) {
                text = text.substring(0, text.length() - suffix.length());
            }
        }
        List<String> answers = new ArrayList<>();
        if (o.hasNonNull("label")) {
            answers.add(Json.text(o, "label"));
        } else if (o.hasNonNull("answer")) {
            answers.add(Json.text(o, "answer"));
        } else if (o.has("answers")) {
            answers.addAll(Json.strings(o, "answers"));
        }
        if (answerType == AnswerType.YES_NO) {
            for (String a : answers) {
                if (!a.equalsIgnoreCase("yes") && !a.equalsIgnoreCase("no")) {
                    throw new BadRecordException("field label: expected yes or no but found \"" + a + "\"");
                }
            }
        }
        String category = o.hasNonNull("category") ? Json.text(o, "category") : defaultCategory;
        byte[] bytes = MediaFiles.imageFile("image", MediaFiles.confined("image", imageFolder, image, mediaOutside));
        return new Sample(id, benchmark, split, category, MediaKind.IMAGE, List.of(bytes), text, List.of(), answers,
                answerType, meta, null);
    }
}
