package io.iwpspark.datasets.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Decodes one row of the samples table into a {@link Sample}, guarded: a malformed record (a null in a
 * non-nullable column or inside an array or map, an unknown media kind or answer type, an image or
 * video without media, media over the {@link MediaLimits}) becomes an error sample naming the record
 * id, the field and what was expected, so the sweep writes error rows for it and goes on.
 */
final class RowDecoder {
    /** Stand-ins for identity columns that are themselves null, so the error row can still be written. */
    static final String NO_ID = SampleRows.NULL_ID;
    static final String NO_NAME = SampleRows.NULL_NAME;

    private final Row row;
    private final String id;

    private RowDecoder(Row row) {
        this.row = row;
        this.id = nonBlank(SampleRows.ID, NO_ID);
    }

    static Sample decode(Row row, MediaLimits limits) {
        RowDecoder d = new RowDecoder(row);
        String benchmark = d.nonBlank(SampleRows.BENCHMARK, NO_NAME);
        String split = d.nonBlank(SampleRows.SPLIT, NO_NAME);
        try {
            return d.sample(limits);
        } catch (BadField e) {
            return Sample.error(d.id, benchmark, split, "record " + d.id + ": " + e.getMessage(), Map.of());
        } catch (IllegalArgumentException | NullPointerException e) {
            // Sample's own checks (an answer letter outside the options, a blank id, ...) name the field.
            return Sample.error(d.id, benchmark, split, "record " + d.id + ": " + e.getMessage(), Map.of());
        }
    }

    private Sample sample(MediaLimits limits) throws BadField {
        Map<String, String> metadata = map(SampleRows.METADATA);
        String error = row.getString(row.fieldIndex(SampleRows.ERROR));
        if (error != null) { // already an error row: keep its reason
            return Sample.error(id, string(SampleRows.BENCHMARK), string(SampleRows.SPLIT), error, metadata);
        }
        for (String field : List.of(SampleRows.ID, SampleRows.BENCHMARK, SampleRows.SPLIT)) {
            String v = string(field);
            if (v.isBlank() || v.equals(NO_ID) || v.equals(NO_NAME)) { // a stand-in: null or blank in the table
                throw new BadField(field, "expected a non-blank string", v.isBlank() ? "\"" + v + "\"" : "null or blank");
            }
        }
        MediaKind kind = parsed(SampleRows.MEDIA_KIND, MediaKind::parse);
        List<byte[]> media = list(SampleRows.MEDIA);
        if (kind != MediaKind.NONE && media.isEmpty()) {
            throw new BadField(SampleRows.MEDIA, "expected at least one encoded image for media_kind " + kind, "none");
        }
        if (media.size() > limits.maxFrames()) {
            throw new BadField(SampleRows.MEDIA, "expected at most " + limits.maxFrames()
                    + " images or frames (media.max_frames)", Integer.toString(media.size()));
        }
        for (int i = 0; i < media.size(); i++) {
            try {
                Images.header(media.get(i), limits);
            } catch (IOException e) {
                throw new BadField(SampleRows.MEDIA + "[" + i + "]", e.getMessage());
            }
        }
        return new Sample(id, string(SampleRows.BENCHMARK), string(SampleRows.SPLIT), string(SampleRows.CATEGORY),
                kind, media, string(SampleRows.QUESTION), list(SampleRows.OPTIONS), list(SampleRows.ANSWERS),
                parsed(SampleRows.ANSWER_TYPE, AnswerType::parse), metadata, null);
    }

    private String nonBlank(String field, String fallback) {
        String v = row.isNullAt(row.fieldIndex(field)) ? null : row.getString(row.fieldIndex(field));
        return v == null || v.isBlank() ? fallback : v;
    }

    private String string(String field) throws BadField {
        int at = row.fieldIndex(field);
        if (row.isNullAt(at)) {
            throw new BadField(field, "expected a string", "null");
        }
        return row.getString(at);
    }

    private <T> T parsed(String field, java.util.function.Function<String, T> parse) throws BadField {
        String v = string(field);
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new BadField(field, m.startsWith(field + ": ") ? m.substring(field.length() + 2) : m);
        }
    }

    private <T> List<T> list(String field) throws BadField {
        int at = row.fieldIndex(field);
        if (row.isNullAt(at)) {
            throw new BadField(field, "expected an array", "null");
        }
        List<T> out = new ArrayList<>(row.<T>getList(at));
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == null) {
                throw new BadField(field + "[" + i + "]", "expected a value", "null");
            }
        }
        return out;
    }

    private Map<String, String> map(String field) throws BadField {
        int at = row.fieldIndex(field);
        if (row.isNullAt(at)) {
            throw new BadField(field, "expected a map", "null");
        }
        Map<String, String> m = row.getJavaMap(at);
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getValue() == null) {
                throw new BadField(field + "[\"" + e.getKey() + "\"]", "expected a string", "null");
            }
        }
        return m;
    }

    /** A field of the record that is not what the schema promises. */
    private static final class BadField extends Exception {
        private static final long serialVersionUID = 1L;

        BadField(String field, String detail) {
            super("field " + field + ": " + detail);
        }

        BadField(String field, String expected, String found) {
            super("field " + field + ": " + expected + " but found " + found);
        }
    }
}
