package io.iwpspark.datasets.readers;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python list of string literals as {@code repr} writes it ("['a', \"b's\"]"), read the way
 * {@code ast.literal_eval} reads it, for MMMU's options column; anything else is a bad record.
 */
final class PyListLiteral {
    private final String field;
    private final String s;
    private int i;

    private PyListLiteral(String field, String s) {
        this.field = field;
        this.s = s;
    }

    static List<String> strings(String field, String text) throws BadRecordException {
        return new PyListLiteral(field, text).list();
    }

    private BadRecordException bad(String expected) {
        return new BadRecordException("field " + field + ": expected " + expected + " at character " + i
                + " of a Python list of strings but found \"" + s + "\"");
    }

    private void spaces() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private List<String> list() throws BadRecordException {
        List<String> out = new ArrayList<>();
        spaces();
        if (i >= s.length() || s.charAt(i++) != '[') {
            throw bad("'['");
        }
        spaces();
        while (i < s.length() && s.charAt(i) != ']') {
            out.add(string());
            spaces();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                spaces();
            } else if (i >= s.length() || s.charAt(i) != ']') {
                throw bad("',' or ']'");
            }
        }
        if (i >= s.length()) {
            throw bad("']'");
        }
        i++;
        spaces();
        if (i != s.length()) {
            throw bad("the end");
        }
        return out;
    }

    private String string() throws BadRecordException {
        char q = i < s.length() ? s.charAt(i) : 0;
        if (q != '\'' && q != '"') {
            throw bad("a quote");
        }
        StringBuilder sb = new StringBuilder();
        for (i++; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q) {
                i++;
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length()) {
                break;
            }
            char e = s.charAt(i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\', '\'', '"' -> sb.append(e);
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n >= s.length()) {
                        throw bad(n + " hex digits");
                    }
                    try {
                        sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + n), 16));
                    } catch (IllegalArgumentException ex) {
                        throw bad(n + " hex digits");
                    }
                    i += n;
                }
                default -> sb.append('\\').append(e); // Python keeps an unknown escape as written
            }
        }
        throw bad("a closing quote");
    }
}
