package io.iwpspark.lvlm.template;

import java.util.List;

/** {@code {% set %}} in its three forms: names (with tuple unpacking), a namespace attribute, a block. */
final class Assign {
    private Assign() {}

    static void unpack(Scope scope, List<String> targets, Object value) {
        if (targets.size() == 1) {
            scope.set(targets.get(0), value);
            return;
        }
        List<Object> items = Py.iterate(value);
        if (items.size() != targets.size()) {
            throw new TemplateException("ValueError: " + (items.size() > targets.size() ? "too many values to unpack"
                    : "not enough values to unpack") + " (expected " + targets.size() + ", got " + items.size() + ")");
        }
        for (int i = 0; i < targets.size(); i++) {
            scope.set(targets.get(i), items.get(i));
        }
    }

    record Names(List<String> targets, Expr value, int line, int column) implements Node {
        @Override
        public void render(Scope scope, StringBuilder out) {
            try {
                unpack(scope, targets, value.eval(scope));
            } catch (TemplateException e) {
                throw e.at(line, column);
            }
        }
    }

    record NamespaceAttribute(String namespace, String attribute, Expr value, int line, int column) implements Node {
        @Override
        public void render(Scope scope, StringBuilder out) {
            Object ns = scope.lookup(namespace);
            if (!(ns instanceof Namespace)) {
                throw new TemplateException("cannot assign attribute on non-namespace object '" + namespace + "'", line,
                        column);
            }
            try {
                ((Namespace) ns).set(attribute, value.eval(scope));
            } catch (TemplateException e) {
                throw e.at(line, column);
            }
        }
    }

    record Block(String target, List<Node> body) implements Node {
        @Override
        public void render(Scope scope, StringBuilder out) {
            StringBuilder captured = new StringBuilder();
            Node.renderAll(body, scope.child(), captured);
            scope.set(target, captured.toString());
        }
    }
}
