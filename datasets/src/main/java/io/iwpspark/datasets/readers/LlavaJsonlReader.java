package io.iwpspark.datasets.readers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    public LlavaJsonlReader(String benchmark, String split, AnswerType answerType) {
        this.benchmark = benchmark;
        this.split = split;
        this.answerType = answerType;
    }

    /** {@code defaultCategory} is used when a line has none (POPE: the split named by the file). */
    public List<Sample> read(Path questionFile, Path imageFolder, String defaultCategory) throws IOException {
        List<Sample> out = new ArrayList<>();
        String file = questionFile.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(questionFile, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(sample(JSON.readTree(line), imageFolder, defaultCategory, file + ":" + n));
                } catch (JsonProcessingException e) {
                    out.add(ErrorRows.of(benchmark, split, file, "line", n, "malformed JSON: " + e.getOriginalMessage()));
                } catch (BadRecordException | IllegalArgumentException e) { // IAE: the Sample's own checks
                    out.add(ErrorRows.of(benchmark, split, file, "line", n, e.getMessage()));
                }
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
        byte[] bytes = MediaFiles.imageFile("image", imageFolder.resolve(image));
        return new Sample(id, benchmark, split, category, MediaKind.IMAGE, List.of(bytes), text, List.of(), answers,
                answerType, meta, null);
    }
}
