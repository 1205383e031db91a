package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Letters;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VLMEvalKit TSV files (MMBench_DEV_EN.tsv, MME.tsv, POPE.tsv, ...): columns index, image (base64;
 * or, for a repeated image, the index of the row holding it), question, answer, optionally hint,
 * option columns A, B, C, ..., category, l2-category, split. Options end at the first empty one
 * (as LLaVA's get_options). Rotations of one MMBench question have indices q, q + 1e6, q + 2e6,
 * ...; metadata circular_group is index mod 1e6. One row per record, errors included.
 */
public final class VlmEvalKitTsvReader {
    private static final long CIRCULAR_STRIDE = 1_000_000L;
    private final String benchmark;
    private final String split;
    private final AnswerType answerType;

    public VlmEvalKitTsvReader(String benchmark, String split, AnswerType answerType) {
        this.benchmark = benchmark;
        this.split = split;
        this.answerType = answerType;
    }

    public List<Sample> read(Path tsv) throws IOException {
        String file = tsv.getFileName().toString();
        List<Tsv.Record> records;
        Utf8Text text = Utf8Text.read(tsv);
        records = Tsv.parse(new java.io.StringReader(text.text()));
        if (records.isEmpty()) {
            throw new IOException(file + ": expected a header line but the file is empty");
        }
        List<String> header = records.get(0).fields();
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i), i);
        }
        for (String required : List.of("index", "question", "image")) {
            if (!col.containsKey(required)) {
                throw new IOException(file + " header: expected a column \"" + required + "\" but found " + header);
            }
        }
        List<String> optionCols = new ArrayList<>();
        for (int i = 0; i < 26 && col.containsKey(Letters.of(i)); i++) {
            optionCols.add(Letters.of(i));
        }
        // Repeated images are stored once: the full base64 in one row, that row's index elsewhere.
        Map<String, String> imageByIndex = new HashMap<>();
        for (Tsv.Record r : records.subList(1, records.size())) {
            String idx = field(r, col, "index");
            String img = field(r, col, "image");
            if (idx != null && img != null && img.length() > 64) {
                imageByIndex.put(idx.strip(), img);
            }
        }
        List<Sample> out = new ArrayList<>();
        for (int k = 1; k < records.size(); k++) {
            Tsv.Record r = records.get(k);
            String bad = text.problemIn(r.line(), k + 1 < records.size() ? records.get(k + 1).line() : Long.MAX_VALUE);
            if (bad != null) { // one bad byte costs its record only
                out.add(ErrorRows.of(benchmark, split, file, "line", r.line(), bad));
                continue;
            }
            try {
                out.add(sample(r, col, optionCols, imageByIndex, file));
            } catch (BadRecordException | IllegalArgumentException e) { // IAE: the Sample's own checks
                out.add(ErrorRows.of(benchmark, split, file, "line", r.line(), e.getMessage()));
            }
        }
        return out;
    }

    private Sample sample(Tsv.Record r, Map<String, Integer> col, List<String> optionCols,
                          Map<String, String> imageByIndex, String file) throws BadRecordException {
        if (r.fields().size() != col.size()) {
            throw new BadRecordException("expected " + col.size() + " tab-separated fields but found " + r.fields().size());
        }
        String index = required(r, col, "index").strip();
        long idx;
        try {
            idx = Long.parseLong(index);
        } catch (NumberFormatException e) {
            throw new BadRecordException("field index: expected an integer but found \"" + index + "\"", e);
        }
        String question = required(r, col, "question");
        String image = required(r, col, "image");
        if (image.length() <= 64) {
            String resolved = imageByIndex.get(image.strip());
            if (resolved == null) {
                throw new BadRecordException("field image: expected base64 data or the index of a row holding it but found \""
                        + image + "\"");
            }
            image = resolved;
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(image);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException("field image: expected base64 but " + e.getMessage(), e);
        }
        MediaFiles.checked("image", bytes);
        List<String> options = new ArrayList<>();
        for (String c : optionCols) {
            String v = field(r, col, c);
            if (Options.isNone(v)) {
                break;
            }
            options.add(v);
        }
        String answer = field(r, col, "answer");
        List<String> answers = new ArrayList<>();
        if (answerType == AnswerType.MULTIPLE_CHOICE) {
            if (options.size() < 2) {
                throw new BadRecordException("fields " + optionCols + ": expected at least 2 options but found " + options.size());
            }
            if (answer != null && !answer.isBlank()) {
                answers.add(Options.letter("answer", answer, options));
            }
        } else if (answer != null && !answer.isBlank()) {
            answers.add(answer.strip());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", file + ":" + r.line());
        meta.put("circular_group", Long.toString(idx % CIRCULAR_STRIDE));
        meta.put("image_id", Long.toString(idx));
        String hint = field(r, col, "hint");
        if (!Options.isNone(hint)) {
            meta.put("hint", hint);
        }
        String l2 = field(r, col, "l2-category") != null ? field(r, col, "l2-category") : field(r, col, "L2-category");
        if (!Options.isNone(l2)) {
            meta.put("l2_category", l2);
        }
        String category = field(r, col, "category");
        return new Sample(index, benchmark, split, Options.isNone(category) ? "" : category, MediaKind.IMAGE,
                List.of(bytes), question, options, answers, answerType, meta, null);
    }

    private static String field(Tsv.Record r, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        return i == null || i >= r.fields().size() ? null : r.fields().get(i);
    }

    private static String required(Tsv.Record r, Map<String, Integer> col, String name) throws BadRecordException {
        String v = field(r, col, name);
        if (v == null || v.isEmpty()) {
            throw new BadRecordException("field " + name + ": expected a value but it is empty");
        }
        return v;
    }
}
