package io.iwpspark.lvlm.template;

import java.util.List;
import java.util.Map;

/** The evaluated arguments of a call, filter or test: positional ones, then keyword ones. */
record Args(List<Object> positional, Map<String, Object> keywords) {
    static final Args NONE = new Args(List.of(), Map.of());

    /** Argument {@code index} (counting after the filtered value), or the keyword {@code name}, or a default. */
    Object get(int index, String name, Object fallback) {
        if (index < positional.size()) {
            return positional.get(index);
        }
        return keywords.containsKey(name) ? keywords.get(name) : fallback;
    }

    Object required(int index, String name, String owner) {
        if (index >= positional.size() && !keywords.containsKey(name)) {
            throw new TemplateException("TypeError: " + owner + "() missing required argument '" + name + "'");
        }
        return get(index, name, null);
    }
}
