package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
  * The filters of {@code value | name(args)} (jinja2/filters.py), with transformers' tojson. String filters apply
  * {@code str()} to their input first, as jinja2's do_upper/do_trim/... do.
  */
final class Filters {
    @FunctionalInterface
    interface Filter {
        Object apply(Object value, Args args);
    }

    private static final Map<String, Filter> FILTERS = new HashMap<>();

    static {
        FILTERS.put("trim", (v, a) -> Py.strip(Py.str(v), (String) a.get(0, "chars", null)));
        FILTERS.put("upper", (v, a) -> Py.str(v).toUpperCase(Locale.ROOT));
        FILTERS.put("lower", (v, a) -> Py.str(v).toLowerCase(Locale.ROOT));
        FILTERS.put("title", (v, a) -> title(Py.str(v)));
        FILTERS.put("capitalize", (v, a) -> Strings.capitalize(Py.str(v)));
        FILTERS.put("length", (v, a) -> Py.len(v));
        FILTERS.put("count", (v, a) -> Py.len(v));
        FILTERS.put("first", (v, a) -> {
            if (v instanceof Generator) {
                Generator g = (Generator) v;
                return g.hasNext() ? g.next() : new Undefined("No first item, sequence was empty.");
            }
            List<Object> items = Py.iterate(v);
            return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
        });
        FILTERS.put("last", (v, a) -> {
            if (v instanceof Generator) {
                throw new TemplateException("TypeError: 'generator' object is not reversible");
            }
            List<Object> items = Py.iterate(v);
            return items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.get(items.size() - 1);
        });
        FILTERS.put("join", (v, a) -> {
            Object attribute = a.get(1, "attribute", null);
            return Py.iterate(v).stream().map(i -> Py.str(attribute == null ? i : Select.path(i, attribute)))
                    .collect(Collectors.joining(Py.str(a.get(0, "d", ""))));
        });
        Filter fallback = (v, a) -> v instanceof Undefined || (Py.truthy(a.get(1, "boolean", false)) && !Py.truthy(v))
                ? a.get(0, "default_value", "") : v;
        FILTERS.put("default", fallback);
        FILTERS.put("d", fallback);
        FILTERS.put("tojson", (v, a) -> Json.dumps(v, a.get(0, "ensure_ascii", false), a.get(1, "indent", null),
                a.get(2, "separators", null), a.get(3, "sort_keys", false)));
        FILTERS.put("selectattr", (v, a) -> Select.select(v, a, true, true));
        FILTERS.put("rejectattr", (v, a) -> Select.select(v, a, true, false));
        FILTERS.put("select", (v, a) -> Select.select(v, a, false, true));
        FILTERS.put("reject", (v, a) -> Select.select(v, a, false, false));
        FILTERS.put("map", Select::map);
        FILTERS.put("unique", Select::unique);
        FILTERS.put("dictsort", Select::dictsort);
        FILTERS.put("sort", Select::sort);
        FILTERS.put("list", (v, a) -> new ArrayList<>(Py.iterate(v)));
        FILTERS.put("items", (v, a) -> {
            if (v instanceof Undefined) {
                return List.of();
            } else if (!(v instanceof Map)) {
                throw new TemplateException("TypeError: Can only get item pairs from a mapping.");
            }
            return new Generator("do_items", Py.iterate(Methods.bind(v, "items").call(List.of(), Map.of())));
        });
        FILTERS.put("string", (v, a) -> Py.str(v));
        FILTERS.put("safe", (v, a) -> Py.str(v));
        FILTERS.put("int", (v, a) -> Numbers.toInt(v, a.get(0, "default", 0L), a.get(1, "base", 10L)));
        FILTERS.put("float", (v, a) -> Numbers.toFloat(v, a.get(0, "default", 0.0)));
        FILTERS.put("abs", (v, a) -> {
            if (v instanceof Double) {
                return Math.abs((Double) v);
            }
            return Math.abs(Py.toLong(v));
        });
        FILTERS.put("replace", (v, a) -> {
            Object count = a.get(2, "count", null);
            return Strings.replace(Py.str(v), Py.str(a.required(0, "old", "replace")),
                    Py.str(a.required(1, "new", "replace")), count == null ? -1 : Py.toLong(count));
        });
        FILTERS.put("reverse", (v, a) -> {
            if (v instanceof String) {
                return new StringBuilder((String) v).reverse().toString();
            }
            boolean reversible = !(v instanceof Generator);
            List<Object> items = new ArrayList<>(Py.iterate(v));
            java.util.Collections.reverse(items);
            return reversible ? new Generator("reversed", items) : items;
        });
        FILTERS.put("indent", (v, a) -> Numbers.indent(Py.str(v), a.get(0, "width", 4L), a.get(1, "first", false),
                a.get(2, "blank", false)));
    }

    private Filters() {}

    static boolean exists(String name) {
        return FILTERS.containsKey(name);
    }

    static Object apply(String name, Object value, Args args) {
        Filter f = FILTERS.get(name);
        if (f == null) {
            throw new TemplateException("unknown filter '" + name + "'");
        }
        return f.apply(value, args);
    }

    /** jinja2's do_title: upper-case the first character after '-', whitespace or an opening bracket. */
    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean wordStart = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean separator = c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || Py.isSpace(c);
            out.append(separator ? c : wordStart ? Character.toUpperCase(c) : Character.toLowerCase(c));
            wordStart = separator;
        }
        return out.toString();
    }
}
