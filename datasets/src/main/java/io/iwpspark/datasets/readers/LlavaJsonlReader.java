package io.iwpspark.datasets.readers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SampleRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * LLaVA's evaluation question files (one JSON object per line: question_id, image, text, and
 * optionally category) with an image folder. Answers, where the file has them, come from "label"
 * (POPE's coco_pope_*.json annotation lines), "answer" or "answers". The prompt suffixes LLaVA-1.5
 * bakes into "text" are removed so the question is raw; a TextVQA "Reference OCR token:" line moves
 * to metadata "ocr_tokens". Every line gives one row: a sample, or an error row naming the line.
 */
public final class LlavaJsonlReader implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One line of a question file: (file, line number, text, undecodable-byte reason or null, default category). */
    static final StructType LINE = new StructType().add("file", DataTypes.StringType, false)
            .add("n", DataTypes.LongType, false).add("text", DataTypes.StringType, false)
            .add("bad", DataTypes.StringType, true).add("category", DataTypes.StringType, false);
    private static final String OCR = "\nReference OCR token: ";

    final String benchmark;
    final String split;
    final AnswerType answerType;
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
        for (Row line : lines(questionFile, defaultCategory)) {
            out.add(line(line, file, imageFolder));
        }
        return out;
    }

    /**
     * Distributed: the executors split the question files into lines; after a repartition into
     * {@code partitions}, each line is read there with its image. {@code categories} gives each
     * file's default category (absent: none). The image folder must be readable on every executor.
     */
    public Dataset<Row> read(SparkSession spark, List<String> questionFiles, String imageFolder,
            Map<String, String> categories, int partitions) {
        Map<String, String> byFile = Map.copyOf(categories);
        FlatMapFunction<String, Row> split = f -> lines(Path.of(f), byFile.getOrDefault(f, "")).iterator();
        MapFunction<Row, Row> translate = l -> SampleRows.toRow(line(l, l.getString(0), Path.of(imageFolder)));
        return spark.createDataset(questionFiles, Encoders.STRING()).flatMap(split, Encoders.row(LINE))
                .repartition(partitions).map(translate, Encoders.row(SampleRows.SCHEMA));
    }

    /** Rows of {@link #LINE}: the non-blank lines of a file, with the reason when a byte did not decode. */
    static List<Row> lines(Path questionFile, String defaultCategory) throws IOException {
        String file = questionFile.getFileName().toString();
        Utf8Text text = Utf8Text.read(questionFile);
        String[] lines = text.text().split("\n", -1);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            long n = i + 1;
            if (!lines[i].isBlank()) {
                out.add(RowFactory.create(file, n, lines[i], text.badLines().get(n), defaultCategory));
            }
        }
        return out;
    }

    Sample line(Row l, String file, Path imageFolder) {
        long n = l.getLong(1);
        if (!l.isNullAt(3)) { // one bad byte costs its line only
            return ErrorRows.of(benchmark, split, file, "line", n, l.getString(3));
        }
        try {
            return sample(JSON.readTree(l.getString(2)), imageFolder, l.getString(4), file + ":" + n);
        } catch (JsonProcessingException e) {
            return ErrorRows.of(benchmark, split, file, "line", n, "malformed JSON: " + e.getOriginalMessage());
        } catch (BadRecordException | IllegalArgumentException e) { // IAE: the Sample's own checks
            return ErrorRows.of(benchmark, split, file, "line", n, e.getMessage());
        }
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
