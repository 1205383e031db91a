package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.List;

/** The int, float and indent filters (jinja2's do_int, do_float, do_indent). */
final class Numbers {
    private Numbers() {}

    static Object toInt(Object v, Object fallback, Object base) {
        if (Py.isInteger(v)) {
            return Py.toLong(v);
        } else if (v instanceof Double) {
            double d = (Double) v;
            return Double.isFinite(d) ? (Object) (long) d : fallback;
        } else if (v instanceof String) {
            String s = Py.strip((String) v, null).replace("_", "");
            try {
                return Long.parseLong(s.startsWith("+") ? s.substring(1) : s, (int) Py.toLong(base));
            } catch (NumberFormatException e) {
                Object f = toFloat(v, null);
                return f instanceof Double && Double.isFinite((Double) f) ? (Object) (long) (double) (Double) f : fallback;
            }
        }
        return fallback;
    }

    static Object toFloat(Object v, Object fallback) {
        if (Py.isNumber(v)) {
            return Py.toDouble(v);
        } else if (v instanceof String) {
            String s = Py.strip((String) v, null).replace("_", "");
            if (s.matches("[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)")) {
                return Double.parseDouble(s);
            }
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (lower.matches("[+-]?(inf|infinity|nan)")) {
                boolean negative = lower.startsWith("-");
                return lower.contains("nan") ? Double.NaN : negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
        }
        return fallback;
    }

    static String indent(String s, Object width, Object first, Object blank) {
        String pad = width instanceof String ? (String) width : " ".repeat((int) Py.toLong(width));
        List<String> lines = splitlines(s + "\n");
        String rv;
        if (Py.truthy(blank)) {
            rv = String.join("\n" + pad, lines);
        } else {
            StringBuilder b = new StringBuilder(lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                b.append("\n").append(lines.get(i).isEmpty() ? "" : pad + lines.get(i));
            }
            rv = b.toString();
        }
        return Py.truthy(first) ? pad + rv : rv;
    }

    /** Python's str.splitlines(): every line boundary ends a line, a final boundary adds no empty line. */
    static List<String> splitlines(String s) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e) || c == 0x85
                    || c == 0x2028 || c == 0x2029) {
                lines.add(s.substring(start, i));
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < s.length()) {
            lines.add(s.substring(start));
        }
        return lines;
    }
}
