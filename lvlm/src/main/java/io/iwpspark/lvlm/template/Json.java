package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
  * The {@code tojson} filter transformers installs in place of jinja2's (chat_template_utils.py): Python's
  * {@code json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)}, so no
  * HTML escaping, non-ASCII characters as they are, ", " and ": " between items without indent, "," and ": "
  * with it.
  */
final class Json {
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;
    private final boolean ensureAscii;

    private Json(String indent, String itemSeparator, String keySeparator, boolean sortKeys, boolean ensureAscii) {
        this.indent = indent;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.sortKeys = sortKeys;
        this.ensureAscii = ensureAscii;
    }

    static String dumps(Object value, Object ensureAscii, Object indent, Object separators, Object sortKeys) {
        String ind = indent == null ? null
                : indent instanceof String ? (String) indent : " ".repeat((int) Math.max(0, Py.toLong(indent)));
        String item = ind == null ? ", " : ",";
        String key = ": ";
        if (separators != null) {
            List<Object> pair = Py.iterate(separators);
            item = Methods.str(pair.get(0));
            key = Methods.str(pair.get(1));
        }
        StringBuilder out = new StringBuilder();
        new Json(ind, item, key, Py.truthy(sortKeys), Py.truthy(ensureAscii)).write(value, 0, out);
        return out.toString();
    }

    private void write(Object v, int level, StringBuilder out) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean) {
            out.append((Boolean) v ? "true" : "false");
        } else if (v instanceof Long) {
            out.append(v);
        } else if (v instanceof Double) {
            out.append(number((Double) v));
        } else if (v instanceof String) {
            string((String) v, out);
        } else if (v instanceof List || v instanceof Tuple) {
            List<Object> items = Py.iterate(v);
            if (items.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < items.size(); i++) {
                out.append(i > 0 ? itemSeparator : "");
                newline(level + 1, out);
                write(items.get(i), level + 1, out);
            }
            newline(level, out);
            out.append(']');
        } else if (v instanceof Map) {
            object((Map<?, ?>) v, level, out);
        } else {
            throw new TemplateException("TypeError: Object of type " + Py.typeName(v) + " is not JSON serializable");
        }
    }

    private void object(Map<?, ?> map, int level, StringBuilder out) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (sortKeys) {
            entries.sort((a, b) -> Py.compare(a.getKey(), b.getKey(), "<"));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            out.append(i > 0 ? itemSeparator : "");
            newline(level + 1, out);
            string(key(entries.get(i).getKey()), out);
            out.append(keySeparator);
            write(entries.get(i).getValue(), level + 1, out);
        }
        newline(level, out);
        out.append('}');
    }

    private static String key(Object k) {
        if (k instanceof String) {
            return (String) k;
        } else if (k == null) {
            return "null";
        } else if (k instanceof Boolean) {
            return (Boolean) k ? "true" : "false";
        } else if (k instanceof Long) {
            return k.toString();
        } else if (k instanceof Double) {
            return number((Double) k);
        }
        throw new TemplateException("TypeError: keys must be str, int, float, bool or None, not " + Py.typeName(k));
    }

    private static String number(double d) {
        return Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : Py.floatRepr(d);
    }

    private void newline(int level, StringBuilder out) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(level));
        }
    }

    private void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
