package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.List;

/** A statement of a parsed template: text, an output {{ }}, or a tag such as for, if, set, generation. */
interface Node {
    void render(Scope scope, StringBuilder out);

    static void renderAll(List<Node> body, Scope scope, StringBuilder out) {
        for (Node n : body) {
            n.render(scope, out);
        }
    }

    /** Stops the innermost loop iteration ({@code break} and {@code continue} of jinja2.ext.loopcontrols). */
    final class LoopControl extends RuntimeException {
        static final LoopControl BREAK = new LoopControl(true);
        static final LoopControl CONTINUE = new LoopControl(false);
        final boolean isBreak;

        private LoopControl(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    record Text(String text) implements Node {
        @Override
        public void render(Scope scope, StringBuilder out) {
            out.append(text);
        }
    }

    record Output(Expr expr, int line, int column) implements Node {
        @Override
        public void render(Scope scope, StringBuilder out) {
            try {
                out.append(Py.str(expr.eval(scope)));
            } catch (TemplateException e) {
                throw e.at(line, column);
            }
        }
    }

    record If(List<Expr> tests, List<List<Node>> bodies, List<Node> otherwise, int line, int column)
            implements Node {
        @Override
        public void render(Scope scope, StringBuilder out) {
            for (int i = 0; i < tests.size(); i++) {
                boolean holds;
                try {
                    holds = Py.truthy(tests.get(i).eval(scope));
                } catch (TemplateException e) {
                    throw e.at(line, column);
                }
                if (holds) {
                    renderAll(bodies.get(i), scope, out);
                    return;
                }
            }
            renderAll(otherwise, scope, out);
        }
    }

    record For(List<String> targets, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise, int line,
            int column) implements Node {
        @Override
        public void render(Scope scope, StringBuilder out) {
            List<Object> items;
            try {
                items = new ArrayList<>();
                for (Object item : Py.iterate(iterable.eval(scope))) {
                    if (filter == null || Py.truthy(filter.eval(bind(scope.child(), item)))) {
                        items.add(item);
                    }
                }
            } catch (TemplateException e) {
                throw e.at(line, column);
            }
            for (int i = 0; i < items.size(); i++) {
                Scope iteration = bind(scope.child(), items.get(i));
                iteration.set("loop", new LoopInfo(items, i));
                try {
                    renderAll(body, iteration, out);
                } catch (LoopControl c) {
                    if (c.isBreak) {
                        break;
                    }
                }
            }
            if (items.isEmpty()) {
                renderAll(otherwise, scope, out);
            }
        }

        private Scope bind(Scope s, Object item) {
            Assign.unpack(s, targets, item);
            return s;
        }
    }

    record Control(boolean isBreak) implements Node {
        @Override
        public void render(Scope scope, StringBuilder out) {
            throw isBreak ? LoopControl.BREAK : LoopControl.CONTINUE;
        }
    }

    /** {@code {% generation %}...{% endgeneration %}} renders its body (transformers' AssistantTracker). */
    record Generation(List<Node> body) implements Node {
        @Override
        public void render(Scope scope, StringBuilder out) {
            renderAll(body, scope.child(), out);
        }
    }
}
