package io.iwpspark.lvlm.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
  * The object {@code namespace(...)} makes: the one value a template may change from inside a loop
  * ({@code {% set ns.count = ns.count + 1 %}}). Like transformers' TemplateNamespace it refuses names that start
  * with an underscore.
  */
final class Namespace {
    final Map<String, Object> attributes = new LinkedHashMap<>();

    void set(String name, Object value) {
        if (name.startsWith("_")) {
            throw new TemplateException("SecurityError: chat templates cannot store underscore-prefixed attributes on a namespace, "
                    + "but got '" + name + "'");
        }
        attributes.put(name, value);
    }

    @Override
    public String toString() {
        return "<Namespace " + Py.repr(attributes) + ">";
    }
}
