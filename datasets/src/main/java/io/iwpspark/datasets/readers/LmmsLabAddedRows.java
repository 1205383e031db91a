package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * SEED-Bench and OCRBench rows of the lmms-lab Parquet exports to {@link Sample}s (the
 * columns lmms-eval's tasks read, 75571cf): the foreign names stop here.
 */
final class LmmsLabAddedRows {
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
}
