package io.iwpspark.lvlm.template;

/** Python comparison operators; == and != never fail, ordering fails for unrelated types. */
final class Compare {
    private Compare() {}

    static boolean holds(String op, Object a, Object b) {
        switch (op) {
            case "==": return Py.eq(a, b);
            case "!=": return !Py.eq(a, b);
            case "<": return Py.compare(a, b, op) < 0;
            case "<=": return Py.compare(a, b, op) <= 0;
            case ">": return Py.compare(a, b, op) > 0;
            case ">=": return Py.compare(a, b, op) >= 0;
            case "in": return Operators.contains(b, a);
            case "notin": return !Operators.contains(b, a);
            default: throw new TemplateException("unknown comparison " + op);
        }
    }
}
