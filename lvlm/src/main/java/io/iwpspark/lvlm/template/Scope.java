package io.iwpspark.lvlm.template;

import java.util.HashMap;
import java.util.Map;

/**
  * Variables visible at one point of a render. As in jinja2, every loop iteration (and a generation block) gets a
  * fresh child scope, so {@code {% set %}} inside a loop is gone at the next iteration and after the loop, while
  * an if block shares its enclosing scope.
  */
final class Scope {
    private final Scope parent;
    private final Map<String, Object> vars;

    private Scope(Scope parent, Map<String, Object> vars) {
        this.parent = parent;
        this.vars = vars;
    }

    static Scope root(Map<String, Object> globals, Map<String, ?> context) {
        Map<String, Object> top = new HashMap<>(globals);
        context.forEach((k, v) -> top.put(k, Py.fromJava(v)));
        return new Scope(null, top);
    }

    Scope child() {
        return new Scope(this, new HashMap<>());
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.vars.containsKey(name)) {
                return s.vars.get(name);
            }
        }
        return Undefined.name(name);
    }

    void set(String name, Object value) {
        vars.put(name, value);
    }
}
