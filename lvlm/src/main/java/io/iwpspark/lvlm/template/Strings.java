package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Python str operations that Java spells differently: split, replace with a count, count, capitalize. */
final class Strings {
    private Strings() {}

    static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    /** str.split(sep, maxsplit): with no separator, runs of whitespace split and the ends are ignored. */
    static List<Object> split(String s, Object sep, Object maxsplit) {
        long max = maxsplit == null ? -1 : Py.toLong(maxsplit);
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            while (true) {
                while (i < s.length() && Py.isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= s.length()) {
                    return parts;
                }
                if (max >= 0 && parts.size() == max) {
                    parts.add(s.substring(i));
                    return parts;
                }
                int j = i;
                while (j < s.length() && !Py.isSpace(s.charAt(j))) {
                    j++;
                }
                parts.add(s.substring(i, j));
                i = j;
            }
        }
        String separator = Methods.str(sep);
        if (separator.isEmpty()) {
            throw new TemplateException("ValueError: empty separator");
        }
        int from = 0;
        for (int at = s.indexOf(separator); at >= 0 && (max < 0 || parts.size() < max);
                at = s.indexOf(separator, from)) {
            parts.add(s.substring(from, at));
            from = at + separator.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (long n = 0; n < count; n++) {
            int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at < s.length()) {
                    out.append(s.charAt(at));
                }
                from = at + 1;
            } else {
                from = at + old.length();
            }
        }
        return from <= s.length() ? out.append(s.substring(from)).toString() : out.toString();
    }

    static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }
}
