package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The filters that pick, map or order the items of a sequence: selectattr, map, unique, dictsort, sort. */
final class Select {
    private Select() {}

    /**
      * jinja2's make_attrgetter: "a.b.0" looks up a, then b, then item 0, each by item first, then attribute; with
      * a fallback, every part that comes out undefined is replaced by it before the next part is looked up.
      */
    static Object path(Object item, Object attribute, Object fallback) {
        if (!(attribute instanceof String)) {
            Object v = Access.item(item, attribute);
            return fallback != null && v instanceof Undefined ? fallback : v;
        }
        Object v = item;
        for (String part : ((String) attribute).split("\\.", -1)) {
            Object key = part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? (Object) Long.parseLong(part)
                    : part;
            v = Access.item(v, key);
            if (fallback != null && v instanceof Undefined) {
                v = fallback;
            }
        }
        return v;
    }

    static Object path(Object item, Object attribute) {
        return path(item, attribute, null);
    }

    /** selectattr/rejectattr (byAttribute) and select/reject: keep items whose (attribute) passes the test. */
    static Object select(Object seq, Args a, boolean byAttribute, boolean keep) {
        List<Object> p = a.positional();
        int testAt = byAttribute ? 1 : 0;
        if (byAttribute && p.isEmpty()) {
            throw new TemplateException("TypeError: selectattr/rejectattr need an attribute name");
        }
        String test = p.size() > testAt ? Py.str(p.get(testAt)) : null;
        if (test != null && !Tests.exists(test)) {
            throw new TemplateException("unknown test '" + test + "'");
        }
        List<Object> testArgs = p.size() > testAt + 1 ? p.subList(testAt + 1, p.size()) : List.of();
        List<Object> out = new ArrayList<>();
        for (Object item : Py.iterate(seq)) {
            Object v = byAttribute ? path(item, p.get(0)) : item;
            boolean passes = test == null ? Py.truthy(v) : Tests.apply(test, v, testArgs);
            if (passes == keep) {
                out.add(item);
            }
        }
        return new Generator("select_or_reject", out);
    }

    static Object map(Object seq, Args a) {
        List<Object> out = new ArrayList<>();
        if (a.keywords().containsKey("attribute")) {
            Object attribute = a.keywords().get("attribute");
            for (Object item : Py.iterate(seq)) {
                out.add(path(item, attribute, a.keywords().get("default")));
            }
            return new Generator("do_map", out);
        }
        if (a.positional().isEmpty()) {
            throw new TemplateException("TypeError: map needs a filter name or attribute=");
        }
        String filter = Py.str(a.positional().get(0));
        Args rest = new Args(a.positional().subList(1, a.positional().size()), a.keywords());
        for (Object item : Py.iterate(seq)) {
            out.add(Filters.apply(filter, item, rest));
        }
        return new Generator("do_map", out);
    }

    static Object unique(Object seq, Args a) {
        boolean caseSensitive = Py.truthy(a.get(0, "case_sensitive", false));
        Object attribute = a.get(1, "attribute", null);
        Set<Object> seen = new HashSet<>();
        List<Object> out = new ArrayList<>();
        for (Object item : Py.iterate(seq)) {
            Object key = attribute == null ? item : path(item, attribute);
            key = !caseSensitive && key instanceof String ? ((String) key).toLowerCase(Locale.ROOT) : key;
            if (seen.add(Py.repr(key))) {
                out.add(item);
            }
        }
        return new Generator("do_unique", out);
    }

    static Object dictsort(Object value, Args a) {
        if (!(value instanceof Map)) {
            throw new TemplateException("TypeError: dictsort needs a mapping, found " + Py.typeName(value));
        }
        boolean caseSensitive = Py.truthy(a.get(0, "case_sensitive", false));
        Object by = a.get(1, "by", "key");
        int pos = "key".equals(by) ? 0 : "value".equals(by) ? 1 : -1;
        if (pos < 0) {
            throw new TemplateException("FilterArgumentError: You can only sort by either \"key\" or \"value\"");
        }
        @SuppressWarnings("unchecked")
        List<Object> items = new ArrayList<>(Py.iterate(Methods.bind(value, "items").call(List.of(), Map.of())));
        Comparator<Object> order = (x, y) -> Py.compare(sortKey(((Tuple) x).items().get(pos), caseSensitive),
                sortKey(((Tuple) y).items().get(pos), caseSensitive), "<");
        items.sort(Py.truthy(a.get(2, "reverse", false)) ? order.reversed() : order);
        return items;
    }

    static Object sort(Object seq, Args a) {
        boolean caseSensitive = Py.truthy(a.get(1, "case_sensitive", false));
        Object attribute = a.get(2, "attribute", null);
        List<Object> items = new ArrayList<>(Py.iterate(seq));
        Comparator<Object> order = (x, y) -> Py.compare(
                sortKey(attribute == null ? x : path(x, attribute), caseSensitive),
                sortKey(attribute == null ? y : path(y, attribute), caseSensitive), "<");
        items.sort(Py.truthy(a.get(0, "reverse", false)) ? order.reversed() : order);
        return items;
    }

    private static Object sortKey(Object v, boolean caseSensitive) {
        return !caseSensitive && v instanceof String ? ((String) v).toLowerCase(Locale.ROOT) : v;
    }
}
