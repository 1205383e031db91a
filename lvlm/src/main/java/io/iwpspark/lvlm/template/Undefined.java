package io.iwpspark.lvlm.template;

/**
  * jinja2's default {@code Undefined} (the class transformers' sandboxed environment uses): falsy, renders as '',
  * iterates as empty, has length 0, and {@code is defined} is false; any other use (an attribute, an item,
  * arithmetic, a call) fails with the reason it is undefined, e.g. "'dict object' has no attribute 'foo'".
  */
final class Undefined {
    private final String reason;

    Undefined(String reason) {
        this.reason = reason;
    }

    static Undefined name(String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined attribute(Object owner, Object attribute) {
        return new Undefined("'" + Py.typeName(owner) + " object' has no attribute '" + Py.str(attribute) + "'");
    }

    TemplateException fail() {
        return new TemplateException("UndefinedError: " + reason);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Undefined;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "";
    }
}
