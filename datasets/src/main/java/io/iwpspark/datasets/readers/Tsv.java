package io.iwpspark.datasets.readers;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Tab-separated records as pandas writes and reads them: a field may be quoted with '"', a quoted
 * field may hold tabs and newlines, and "" inside quotes is one '"'. Each record remembers the
 * line it starts on; a trailing '\r' is dropped; blank lines are skipped.
 */
final class Tsv {
    record Record(long line, List<String> fields) {
    }

    private Tsv() {
    }

    static List<Record> parse(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        List<Record> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean atFieldStart = true;
        long line = 1;
        long recordLine = 1;
        int c;
        while ((c = in.read()) != -1) {
            if (quoted) {
                if (c == '"') {
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.unread(next);
                        }
                    }
                } else {
                    line += c == '\n' ? 1 : 0;
                    field.append((char) c);
                }
            } else if (c == '"' && atFieldStart) {
                quoted = true;
                atFieldStart = false;
            } else if (c == '\t') {
                fields.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
            } else if (c == '\n') {
                endRecord(out, fields, field, recordLine);
                line++;
                recordLine = line;
                atFieldStart = true;
            } else {
                field.append((char) c);
                atFieldStart = false;
            }
        }
        endRecord(out, fields, field, recordLine);
        return out;
    }

    private static void endRecord(List<Record> out, List<String> fields, StringBuilder field, long recordLine) {
        int n = field.length();
        fields.add(n > 0 && field.charAt(n - 1) == '\r' ? field.substring(0, n - 1) : field.toString());
        field.setLength(0);
        if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
            out.add(new Record(recordLine, List.copyOf(fields)));
        }
        fields.clear();
    }
}
