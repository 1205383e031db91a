package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * SEED-Bench, OCRBench and MMMU rows of the lmms-lab Parquet exports to {@link Sample}s (the
 * columns lmms-eval's tasks read, 75571cf): the foreign names stop here.
 */
final class LmmsLabAddedRows {
    private static final Pattern IMAGE_TOKEN = Pattern.compile("<image (\\d+)>");

    private LmmsLabAddedRows() {
    }

    private static Map<String, String> meta(String source, Row r, String... fields) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        for (String f : fields) {
            String v = Cells.optText(r, f);
            if (!v.isEmpty()) {
                m.put(f, v);
            }
        }
        return m;
    }

    /** SEED-Bench image rows: choice_a..choice_d, the answer letter, a list of images; category = data_type. */
    static Sample seedBench(Row r, String source) throws BadRecordException {
        String type = Cells.text(r, "data_type");
        if (!type.equals("image")) {
            throw new BadRecordException("field data_type: expected \"image\" but found \"" + type + "\"");
        }
        List<String> options = new ArrayList<>();
        for (String c : List.of("choice_a", "choice_b", "choice_c", "choice_d")) {
            options.add(Cells.text(r, c));
        }
        LmmsLabFormat f = LmmsLabFormat.SEEDBENCH;
        return new Sample(Cells.text(r, "question_id"), f.benchmark, f.split, type, MediaKind.IMAGE, Cells.images(r, "image"),
                Cells.text(r, "question"), options, List.of(Options.letter("answer", Cells.text(r, "answer"), options)),
                AnswerType.MULTIPLE_CHOICE, meta(source, r, "question_type_id", "data_id"), null);
    }

    /**
     * OCRBench: the answers list (or one answer), category = question_type (one of the ten the
     * official aggregate knows), metadata "dataset" (HME100k formulas are matched without spaces).
     * The export has no id column: the id is "file:row" unless an "id" column is present.
     */
    static Sample ocrBench(Row r, String source) throws BadRecordException {
        String type = Cells.text(r, "question_type");
        if (!io.iwpspark.datasets.scorers.OcrBenchScorer.QUESTION_TYPES.contains(type)) {
            throw new BadRecordException("field question_type: expected one of OCRBench's ten types but found \"" + type + "\"");
        }
        boolean list = r.schema().apply("answer").dataType() instanceof org.apache.spark.sql.types.ArrayType;
        List<String> answers = list ? Cells.strings(r, "answer") : List.of(Cells.text(r, "answer"));
        if (answers.isEmpty()) {
            throw new BadRecordException("field answer: expected at least one answer but found none");
        }
        String id = Cells.optText(r, "id");
        LmmsLabFormat f = LmmsLabFormat.OCRBENCH;
        return new Sample(id.isEmpty() ? source : id, f.benchmark, f.split, type, MediaKind.IMAGE, List.of(Cells.image(r, "image")),
                Cells.text(r, "question"), List.of(), answers, AnswerType.SHORT_TEXT, meta(source, r, "dataset"), null);
    }

    /**
     * MMMU validation: options is a Python list literal; a "multiple-choice" question has an answer
     * letter, any other an open answer (kept as written). The images are the image_N columns the
     * question and options name as "&lt;image N&gt;", in name order (mmmu_doc_to_visual); the category
     * is the subject in the id "validation_&lt;Subject&gt;_&lt;n&gt;" (extract_subset_name).
     */
    static Sample mmmu(Row r, String source) throws BadRecordException {
        String id = Cells.text(r, "id");
        Matcher m = Pattern.compile("^" + Pattern.quote(id.split("_", -1)[0]) + "_(.+?)_\\d+$").matcher(id);
        if (!m.find()) {
            throw new BadRecordException("field id: expected \"<split>_<Subject>_<n>\" but found \"" + id + "\"");
        }
        String question = Cells.text(r, "question");
        String rawOptions = Cells.text(r, "options");
        List<String> options = PyListLiteral.strings("options", rawOptions);
        boolean choice = Cells.text(r, "question_type").equals("multiple-choice");
        TreeSet<String> names = new TreeSet<>();
        Matcher t = IMAGE_TOKEN.matcher(choice ? question + "\n" + rawOptions : question);
        while (t.find()) {
            names.add("image_" + t.group(1));
        }
        if (names.isEmpty()) {
            throw new BadRecordException("field question: expected an \"<image N>\" reference but found none");
        }
        List<byte[]> images = new ArrayList<>();
        for (String n : names) {
            images.add(Cells.image(r, n));
        }
        String answer = Cells.text(r, "answer");
        LmmsLabFormat f = LmmsLabFormat.MMMU;
        return new Sample(id, f.benchmark, f.split, m.group(1), MediaKind.IMAGE, images, question, choice ? options : List.of(),
                List.of(choice ? Options.letter("answer", answer, options) : answer),
                choice ? AnswerType.MULTIPLE_CHOICE : AnswerType.SHORT_TEXT,
                meta(source, r, "question_type", "subfield", "topic_difficulty", "img_type"), null);
    }
}
