package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.List;

/**
  * Python's arithmetic and concatenation operators on template values: int stays int (bool counts as int),
  * {@code /} gives a float, {@code //} and {@code %} floor, str + str and list + list concatenate, str * int
  * repeats. {@code ~} (jinja2's string concatenation) is str(a) + str(b) and is the one operator undefined
  * values pass through; every other operator fails on them as jinja2's Undefined does.
  */
final class Operators {
    private Operators() {}

    static Object binary(String op, Object a, Object b) {
        if (op.equals("~")) {
            return Py.str(a) + Py.str(b);
        }
        if (a instanceof Undefined) {
            throw ((Undefined) a).fail();
        } else if (b instanceof Undefined) {
            throw ((Undefined) b).fail();
        }
        if (Py.isNumber(a) && Py.isNumber(b)) {
            try {
                return numeric(op, a, b);
            } catch (ArithmeticException e) {
                throw new TemplateException("OverflowError: " + Py.repr(a) + " " + op + " " + Py.repr(b)
                        + " does not fit in 64 bits (Python's int is unbounded; this engine's is not)");
            }
        }
        if (op.equals("+")) {
            if (a instanceof String && b instanceof String) {
                return (String) a + b;
            } else if (a instanceof List && b instanceof List) {
                List<Object> joined = new ArrayList<>(Py.iterate(a));
                joined.addAll(Py.iterate(b));
                return joined;
            } else if (a instanceof Tuple && b instanceof Tuple) {
                List<Object> joined = new ArrayList<>(Py.iterate(a));
                joined.addAll(Py.iterate(b));
                return new Tuple(joined);
            } else if (a instanceof String || a instanceof List || a instanceof Tuple) {
                throw new TemplateException("TypeError: can only concatenate " + Py.typeName(a) + " (not \""
                        + Py.typeName(b) + "\") to " + Py.typeName(a));
            }
        }
        if (op.equals("*") && (Py.isInteger(a) || Py.isInteger(b))) {
            Object seq = Py.isInteger(a) ? b : a;
            long times = Py.toLong(Py.isInteger(a) ? a : b);
            if (seq instanceof String) {
                return ((String) seq).repeat((int) Math.max(0, times));
            } else if (seq instanceof List) {
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < times; i++) {
                    out.addAll(Py.iterate(seq));
                }
                return out;
            }
        }
        throw new TemplateException("TypeError: unsupported operand type(s) for " + op + ": '" + Py.typeName(a)
                + "' and '" + Py.typeName(b) + "'");
    }

    private static Object numeric(String op, Object a, Object b) {
        boolean ints = Py.isInteger(a) && Py.isInteger(b);
        if (op.equals("/")) {
            double d = Py.toDouble(b);
            if (d == 0) {
                throw new TemplateException("ZeroDivisionError: division by zero");
            }
            return Py.toDouble(a) / d;
        }
        if (ints) {
            long x = Py.toLong(a);
            long y = Py.toLong(b);
            switch (op) {
                case "+": return Math.addExact(x, y);
                case "-": return Math.subtractExact(x, y);
                case "*": return Math.multiplyExact(x, y);
                case "//": return Math.floorDiv(x, nonZero(y));
                case "%": return Math.floorMod(x, nonZero(y));
                case "**":
                    if (y < 0) {
                        return Math.pow(x, y);
                    }
                    long r = 1;
                    for (long i = 0; i < y; i++) {
                        r = Math.multiplyExact(r, x);
                    }
                    return r;
                default: break;
            }
        } else {
            double x = Py.toDouble(a);
            double y = Py.toDouble(b);
            switch (op) {
                case "+": return x + y;
                case "-": return x - y;
                case "*": return x * y;
                case "//": return Math.floor(x / nonZero(y));
                case "%":
                    double m = x % nonZero(y);
                    return m != 0 && (m < 0) != (y < 0) ? m + y : m;
                case "**": return Math.pow(x, y);
                default: break;
            }
        }
        throw new TemplateException("unknown operator " + op);
    }

    private static long nonZero(long y) {
        if (y == 0) {
            throw new TemplateException("ZeroDivisionError: integer division or modulo by zero");
        }
        return y;
    }

    private static double nonZero(double y) {
        if (y == 0) {
            throw new TemplateException("ZeroDivisionError: float floor division by zero");
        }
        return y;
    }

    static Object negate(Object a) {
        if (a instanceof Undefined) {
            throw ((Undefined) a).fail();
        } else if (a instanceof Double) {
            return -(Double) a;
        } else if (Py.isInteger(a)) {
            return -Py.toLong(a);
        }
        throw new TemplateException("TypeError: bad operand type for unary -: '" + Py.typeName(a) + "'");
    }

    /** Python's {@code needle in haystack}. */
    static boolean contains(Object haystack, Object needle) {
        if (haystack instanceof String) {
            if (!(needle instanceof String)) {
                throw new TemplateException("TypeError: 'in <string>' requires string as left operand, not "
                        + Py.typeName(needle));
            }
            return ((String) haystack).contains((String) needle);
        } else if (haystack instanceof java.util.Map) {
            return ((java.util.Map<?, ?>) haystack).keySet().stream().anyMatch(k -> Py.eq(k, needle));
        }
        return Py.iterate(haystack).stream().anyMatch(i -> Py.eq(i, needle));
    }
}
