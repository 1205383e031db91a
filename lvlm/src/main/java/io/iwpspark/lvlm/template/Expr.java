package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An expression of the template language, evaluated with Python semantics in a {@link Scope}. */
interface Expr {
    Object eval(Scope scope);

    record Const(Object value) implements Expr {
        @Override
        public Object eval(Scope scope) {
            return value;
        }
    }

    record Name(String name) implements Expr {
        @Override
        public Object eval(Scope scope) {
            return scope.lookup(name);
        }
    }

    record ListLit(List<Expr> items, boolean tuple) implements Expr {
        @Override
        public Object eval(Scope scope) {
            List<Object> out = new ArrayList<>();
            items.forEach(e -> out.add(e.eval(scope)));
            return tuple ? new Tuple(out) : out;
        }
    }

    record DictLit(List<Expr> keys, List<Expr> values) implements Expr {
        @Override
        public Object eval(Scope scope) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                Object key = keys.get(i).eval(scope);
                Object value = values.get(i).eval(scope);
                Object same = Py.isNumber(key)
                        ? out.keySet().stream().filter(k -> Py.isNumber(k) && Py.eq(k, key)).findFirst().orElse(key) : key;
                out.put(same, value);
            }
            return out;
        }
    }

    record Attribute(Expr target, String name) implements Expr {
        @Override
        public Object eval(Scope scope) {
            return Access.attribute(target.eval(scope), name);
        }
    }

    record Item(Expr target, Expr key) implements Expr {
        @Override
        public Object eval(Scope scope) {
            return Access.item(target.eval(scope), key.eval(scope));
        }
    }

    record SliceLit(Expr start, Expr stop, Expr step) implements Expr {
        @Override
        public Object eval(Scope scope) {
            return new Access.Slice(start == null ? null : start.eval(scope), stop == null ? null : stop.eval(scope),
                    step == null ? null : step.eval(scope));
        }
    }

    /** Positional and keyword argument expressions of a call, filter or test. */
    record ArgList(List<Expr> positional, Map<String, Expr> keywords) {
        static final ArgList NONE = new ArgList(List.of(), Map.of());

        Args eval(Scope scope) {
            List<Object> p = new ArrayList<>();
            positional.forEach(e -> p.add(e.eval(scope)));
            Map<String, Object> k = new LinkedHashMap<>();
            keywords.forEach((n, e) -> k.put(n, e.eval(scope)));
            return new Args(p, k);
        }
    }

    record Call(Expr target, ArgList args) implements Expr {
        @Override
        public Object eval(Scope scope) {
            Object f = target.eval(scope);
            if (f instanceof Undefined) {
                throw ((Undefined) f).fail();
            } else if (!(f instanceof Callable)) {
                throw new TemplateException("TypeError: '" + Py.typeName(f) + "' object is not callable");
            }
            Args a = args.eval(scope);
            return ((Callable) f).call(a.positional(), a.keywords());
        }
    }

    record Filter(Expr value, String name, ArgList args) implements Expr {
        @Override
        public Object eval(Scope scope) {
            return Filters.apply(name, value.eval(scope), args.eval(scope));
        }
    }

    record Test(Expr value, String name, ArgList args, boolean negated) implements Expr {
        @Override
        public Object eval(Scope scope) {
            return Tests.apply(name, value.eval(scope), args.eval(scope).positional()) != negated;
        }
    }

    /**
      * A filter or test unknown when parsed inside an if block or inline if: jinja2 compiles those frames
      * leniently and fails only if the expression is evaluated ("No filter named 'x' found.").
      */
    record Unknown(String kind, String name, int line, int column) implements Expr {
        @Override
        public Object eval(Scope scope) {
            throw new TemplateException("unknown " + kind + " '" + name + "'", line, column);
        }
    }

    record Not(Expr operand) implements Expr {
        @Override
        public Object eval(Scope scope) {
            return !Py.truthy(operand.eval(scope));
        }
    }

    record Negate(Expr operand, boolean minus) implements Expr {
        @Override
        public Object eval(Scope scope) {
            Object v = operand.eval(scope);
            if (!minus) {
                return Operators.binary("+", 0L, v);
            }
            return Operators.negate(v);
        }
    }

    /** {@code a and b} / {@code a or b} return one of their operands, as in Python. */
    record Logic(boolean and, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Scope scope) {
            Object l = left.eval(scope);
            return Py.truthy(l) == and ? right.eval(scope) : l;
        }
    }

    record Binary(String op, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Scope scope) {
            return Operators.binary(op, left.eval(scope), right.eval(scope));
        }
    }

    /** A comparison chain {@code a < b <= c}, true when every link holds. */
    record Comparison(Expr first, List<String> ops, List<Expr> rest) implements Expr {
        @Override
        public Object eval(Scope scope) {
            Object left = first.eval(scope);
            for (int i = 0; i < ops.size(); i++) {
                Object right = rest.get(i).eval(scope);
                if (!Compare.holds(ops.get(i), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        }
    }

    /** {@code a if test else b}; without else the result is undefined when the test fails. */
    record Conditional(Expr test, Expr then, Expr otherwise) implements Expr {
        @Override
        public Object eval(Scope scope) {
            if (Py.truthy(test.eval(scope))) {
                return then.eval(scope);
            }
            return otherwise == null ? new Undefined("the inline if-expression evaluated to false and no else section "
                    + "was defined.") : otherwise.eval(scope);
        }
    }
}
