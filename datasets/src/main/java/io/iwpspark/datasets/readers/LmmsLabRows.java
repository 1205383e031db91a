package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Letters;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/** One lmms-lab Parquet row of each benchmark to a {@link Sample}: the foreign names stop here. */
final class LmmsLabRows {
    private LmmsLabRows() {
    }

    private static Sample image(String id, LmmsLabFormat f, String category, byte[] img, String question,
                                List<String> options, List<String> answers, Map<String, String> meta) {
        return new Sample(id, f.benchmark, f.split, category, MediaKind.IMAGE, List.of(img), question, options, answers,
                f.answerType, meta, null);
    }

    private static Map<String, String> meta(String source) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        return m;
    }

    private static String yesNo(Row r) throws BadRecordException {
        String a = Cells.text(r, "answer").strip();
        String low = a.toLowerCase(Locale.ROOT);
        if (!low.equals("yes") && !low.equals("no")) {
            throw new BadRecordException("field answer: expected yes or no but found \"" + a + "\"");
        }
        return a;
    }

    static Sample pope(Row r, String source) throws BadRecordException {
        Map<String, String> m = meta(source);
        m.put("image_source", Cells.optText(r, "image_source"));
        m.put("image_id", Cells.optText(r, "image_source"));
        return image(Cells.text(r, "question_id"), LmmsLabFormat.POPE, Cells.text(r, "category"), Cells.image(r, "image"),
                Cells.text(r, "question"), List.of(), List.of(yesNo(r)), m);
    }

    /** MME's question_id is the image path, shared by the image's yes and its no question. */
    static Sample mme(Row r, String source) throws BadRecordException {
        String qid = Cells.text(r, "question_id");
        String answer = yesNo(r);
        Map<String, String> m = meta(source);
        m.put("image_id", qid);
        return image(qid + "#" + answer.toLowerCase(Locale.ROOT), LmmsLabFormat.MME, Cells.text(r, "category"),
                Cells.image(r, "image"), Cells.text(r, "question"), List.of(), List.of(answer), m);
    }

    /** GQA instructions joined with the images table by imageId. */
    static Sample gqa(Row r, String source) throws BadRecordException {
        Map<String, String> m = meta(source);
        String imageId = Cells.text(r, "imageId");
        m.put("image_id", imageId);
        m.put("full_answer", Cells.optText(r, "fullAnswer"));
        if (!Cells.has(r, "image") || r.isNullAt(r.fieldIndex("image"))) {
            throw new BadRecordException("field imageId: expected an image with id \"" + imageId
                    + "\" in the images table but found none");
        }
        String category = "";
        if (Cells.has(r, "types") && !r.isNullAt(r.fieldIndex("types"))) {
            category = Cells.optText(r.getStruct(r.fieldIndex("types")), "structural");
        }
        return image(Cells.text(r, "id"), LmmsLabFormat.GQA, category, Cells.image(r, "image"), Cells.text(r, "question"),
                List.of(), List.of(Cells.text(r, "answer")), m);
    }

    static Sample vqav2(Row r, String source) throws BadRecordException {
        Map<String, String> m = meta(source);
        m.put("image_id", Cells.optText(r, "image_id"));
        m.put("question_type", Cells.optText(r, "question_type"));
        m.put("multiple_choice_answer", Cells.optText(r, "multiple_choice_answer"));
        return image(Cells.text(r, "question_id"), LmmsLabFormat.VQAV2, Cells.optText(r, "answer_type"),
                Cells.image(r, "image"), Cells.text(r, "question"), List.of(), Cells.structMembers(r, "answers", "answer"), m);
    }

    static Sample textvqa(Row r, String source) throws BadRecordException {
        Map<String, String> m = meta(source);
        m.put("image_id", Cells.optText(r, "image_id"));
        m.put("ocr_tokens", String.join(", ", Cells.strings(r, "ocr_tokens")));
        return image(Cells.text(r, "question_id"), LmmsLabFormat.TEXTVQA, "", Cells.image(r, "image"),
                Cells.text(r, "question"), List.of(), Cells.strings(r, "answers"), m);
    }

    /** ScienceQA rows carry no id: the id is "file:row". The answer is an option index. */
    static Sample scienceQa(Row r, String source) throws BadRecordException {
        List<String> choices = Cells.strings(r, "choices");
        String raw = Cells.text(r, "answer");
        int k;
        try {
            k = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new BadRecordException("field answer: expected an option index but found \"" + raw + "\"", e);
        }
        if (k < 0 || k >= choices.size()) {
            throw new BadRecordException("field answer: expected an option index in 0.." + (choices.size() - 1)
                    + " but found " + k);
        }
        Map<String, String> m = meta(source);
        for (String f : List.of("hint", "grade", "topic", "skill", "task")) {
            String v = Cells.optText(r, f);
            if (!v.isEmpty()) {
                m.put(f, v);
            }
        }
        return image(source, LmmsLabFormat.SCIENCEQA_IMG, Cells.optText(r, "subject"), Cells.image(r, "image"),
                Cells.text(r, "question"), choices, List.of(Letters.of(k)), m);
    }

    /** MMBench: options are the columns A, B, C, ... up to the first absent one. */
    static Sample mmbench(Row r, String source) throws BadRecordException {
        List<String> options = new ArrayList<>();
        for (int i = 0; i < 26 && Cells.has(r, Letters.of(i)); i++) {
            String v = Cells.optText(r, Letters.of(i));
            if (Options.isNone(v)) {
                break;
            }
            options.add(v);
        }
        String answer = Options.letter("answer", Cells.text(r, "answer"), options);
        String index = Cells.text(r, "index");
        Map<String, String> m = meta(source);
        m.put("circular_group", index);
        String hint = Cells.optText(r, "hint");
        if (!Options.isNone(hint)) {
            m.put("hint", hint);
        }
        for (String[] f : new String[][] {{"L2-category", "l2_category"}, {"source", "origin"}}) {
            String v = Cells.optText(r, f[0]);
            if (!Options.isNone(v)) {
                m.put(f[1], v);
            }
        }
        return image(index, LmmsLabFormat.MMBENCH, Cells.optText(r, "category"), Cells.image(r, "image"),
                Cells.text(r, "question"), options, List.of(answer), m);
    }
}
