package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
  * The Python methods templates call on values: str.upper/lower/strip/startswith/split/replace/..., dict.items/
  * keys/values/get, list.index/count. Methods that change a value (list.append, dict.update, ...) are refused, as
  * jinja2's ImmutableSandboxedEnvironment refuses them.
  */
final class Methods {
    private static final Set<String> MUTATING = Set.of("append", "extend", "insert", "pop", "remove", "sort",
            "reverse", "clear", "update", "setdefault", "popitem", "add", "discard");

    private Methods() {}

    /** The method {@code name} of {@code obj}, or null when it has none. */
    static Callable bind(Object obj, String name) {
        if ((obj instanceof List || obj instanceof Map) && MUTATING.contains(name)) {
            throw new TemplateException("SecurityError: access to attribute '" + name + "' of '" + Py.typeName(obj)
                    + "' object is unsafe.");
        } else if (obj instanceof String) {
            return stringMethod((String) obj, name);
        } else if (obj instanceof Map) {
            return dictMethod((Map<?, ?>) obj, name);
        } else if (obj instanceof List || obj instanceof Tuple) {
            List<Object> items = Py.iterate(obj);
            if (name.equals("index")) {
                return (a, k) -> {
                    for (int i = 0; i < items.size(); i++) {
                        if (Py.eq(items.get(i), arg(a, 0, name))) {
                            return (long) i;
                        }
                    }
                    throw new TemplateException("ValueError: " + Py.repr(a.get(0)) + " is not in list");
                };
            } else if (name.equals("count")) {
                return (a, k) -> items.stream().filter(i -> Py.eq(i, arg(a, 0, name))).count();
            }
        }
        return null;
    }

    private static Callable dictMethod(Map<?, ?> map, String name) {
        switch (name) {
            case "items":
                return (a, k) -> View.dict("dict_items", map.entrySet().stream()
                        .map(e -> new Tuple(Arrays.asList(e.getKey(), e.getValue()))).collect(Collectors.toList()));
            case "keys": return (a, k) -> View.dict("dict_keys", new ArrayList<Object>(map.keySet()));
            case "values": return (a, k) -> View.dict("dict_values", new ArrayList<Object>(map.values()));
            case "get":
                return (a, k) -> {
                    Object key = arg(a, 0, name);
                    return map.containsKey(key) ? map.get(key) : a.size() > 1 ? a.get(1) : null;
                };
            default: return null;
        }
    }

    private static Callable stringMethod(String s, String name) {
        switch (name) {
            case "upper": return (a, k) -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower": return (a, k) -> s.toLowerCase(java.util.Locale.ROOT);
            case "strip": return (a, k) -> Py.strip(s, chars(a));
            case "lstrip": return (a, k) -> Py.lstrip(s, chars(a));
            case "rstrip": return (a, k) -> Py.rstrip(s, chars(a));
            case "title": return (a, k) -> title(s);
            case "capitalize": return (a, k) -> Strings.capitalize(s);
            case "startswith": return (a, k) -> affix(s, arg(a, 0, name), true);
            case "endswith": return (a, k) -> affix(s, arg(a, 0, name), false);
            case "split": return (a, k) -> Strings.split(s, a.isEmpty() ? k.get("sep") : a.get(0),
                    a.size() > 1 ? a.get(1) : k.getOrDefault("maxsplit", -1L));
            case "replace": return (a, k) -> Strings.replace(s, str(arg(a, 0, name)), str(arg(a, 1, name)),
                    a.size() > 2 ? Py.toLong(a.get(2)) : -1);
            case "join": return (a, k) -> Py.iterate(arg(a, 0, name)).stream().map(Methods::str)
                    .collect(Collectors.joining(s));
            case "find": return (a, k) -> (long) s.indexOf(str(arg(a, 0, name)));
            case "count": return (a, k) -> Strings.count(s, str(arg(a, 0, name)));
            case "isdigit": return (a, k) -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isspace": return (a, k) -> !s.isEmpty() && s.chars().allMatch(Py::isSpace);
            default: return null;
        }
    }

    private static boolean affix(String s, Object what, boolean prefix) {
        if (what instanceof Tuple) {
            return ((Tuple) what).items().stream().anyMatch(w -> affix(s, w, prefix));
        }
        String w = str(what);
        return prefix ? s.startsWith(w) : s.endsWith(w);
    }

    /** Python's str.title(): a letter after a non-letter is upper case, other letters lower case. */
    static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean previousCased = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            previousCased = Character.isLetter(c);
        }
        return out.toString();
    }

    private static String chars(List<Object> a) {
        return a.isEmpty() || a.get(0) == null ? null : str(a.get(0));
    }

    static Object arg(List<Object> args, int i, String method) {
        if (args.size() <= i) {
            throw new TemplateException("TypeError: " + method + "() is missing argument " + (i + 1));
        }
        return args.get(i);
    }

    static String str(Object o) {
        if (!(o instanceof String)) {
            throw new TemplateException("TypeError: expected a str, found " + Py.typeName(o));
        }
        return (String) o;
    }
}
