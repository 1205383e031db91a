package io.iwpspark.datasets.readers;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Typed access to the cells of a Spark row read from a foreign Parquet file, naming the field. */
final class Cells {
    private Cells() {
    }

    static boolean has(Row r, String field) {
        return r.schema().getFieldIndex(field).isDefined();
    }

    /** The cell as text (strings as is, numbers in decimal); a bad record when absent or null. */
    static String text(Row r, String field) throws BadRecordException {
        Object v = has(r, field) ? r.get(r.fieldIndex(field)) : null;
        if (v == null) {
            throw new BadRecordException("field " + field + ": expected a value but it is missing");
        }
        if (v instanceof Row || v instanceof scala.collection.Iterable<?>) {
            throw new BadRecordException("field " + field + ": expected a string or number but found " + v.getClass().getSimpleName());
        }
        return v.toString();
    }

    static String optText(Row r, String field) {
        Object v = has(r, field) ? r.get(r.fieldIndex(field)) : null;
        return v == null ? "" : v.toString();
    }

    /** A list of strings; empty when the cell is null (e.g. answers of a test split). */
    static List<String> strings(Row r, String field) throws BadRecordException {
        if (!has(r, field) || r.isNullAt(r.fieldIndex(field))) {
            return List.of();
        }
        List<Object> raw = r.getList(r.fieldIndex(field));
        List<String> out = new ArrayList<>(raw.size());
        for (Object o : raw) {
            if (o == null) {
                throw new BadRecordException("field " + field + ": expected strings but found a null element");
            }
            out.add(o.toString());
        }
        return out;
    }

    /** The "answer" member of each struct in a list of structs (VQAv2 answers); empty when null. */
    static List<String> structMembers(Row r, String field, String member) throws BadRecordException {
        if (!has(r, field) || r.isNullAt(r.fieldIndex(field))) {
            return List.of();
        }
        List<Row> raw = r.getList(r.fieldIndex(field));
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Row s = raw.get(i);
            if (s == null || !has(s, member) || s.isNullAt(s.fieldIndex(member))) {
                throw new BadRecordException("field " + field + "[" + i + "]." + member + ": expected a value but it is missing");
            }
            out.add(s.get(s.fieldIndex(member)).toString());
        }
        return out;
    }

    /** The checked bytes of a Hugging Face image struct {bytes: binary, path: string}. */
    static byte[] image(Row r, String field) throws BadRecordException {
        if (!has(r, field) || r.isNullAt(r.fieldIndex(field))) {
            throw new BadRecordException("field " + field + ": expected an image but it is missing");
        }
        Row s = r.getStruct(r.fieldIndex(field));
        if (!has(s, "bytes") || s.isNullAt(s.fieldIndex("bytes"))) {
            throw new BadRecordException("field " + field + ".bytes: expected encoded image bytes but found none");
        }
        return MediaFiles.checked(field + ".bytes", (byte[]) s.get(s.fieldIndex("bytes")));
    }

    /** The checked bytes of each image in a list of Hugging Face image structs; a bad record when none. */
    static List<byte[]> images(Row r, String field) throws BadRecordException {
        if (!has(r, field) || r.isNullAt(r.fieldIndex(field)) || r.getList(r.fieldIndex(field)).isEmpty()) {
            throw new BadRecordException("field " + field + ": expected a list of images but it is missing or empty");
        }
        List<Row> raw = r.getList(r.fieldIndex(field));
        List<byte[]> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Row s = raw.get(i);
            String name = field + "[" + i + "].bytes";
            if (s == null || !has(s, "bytes") || s.isNullAt(s.fieldIndex("bytes"))) {
                throw new BadRecordException("field " + name + ": expected encoded image bytes but found none");
            }
            out.add(MediaFiles.checked(name, (byte[]) s.get(s.fieldIndex("bytes"))));
        }
        return out;
    }
}
