package io.iwpspark.lvlm.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
  * Python value semantics for template values (str, int, float, bool, None, list, tuple, dict): truthiness,
  * {@code str()} and {@code repr()} text (a list prints as ['a', 1]), equality across int/float/bool, ordering,
  * iteration and length. Values are String, Long, Double, Boolean, null, List, Tuple, Map, Undefined, Namespace,
  * LoopInfo and Callable.
  */
final class Py {
    private Py() {}

    static String typeName(Object o) {
        if (o == null) {
            return "NoneType";
        } else if (o instanceof String) {
            return "str";
        } else if (o instanceof Boolean) {
            return "bool";
        } else if (o instanceof Long) {
            return "int";
        } else if (o instanceof Double) {
            return "float";
        } else if (o instanceof List) {
            return "list";
        } else if (o instanceof Tuple) {
            return "tuple";
        } else if (o instanceof Map) {
            return "dict";
        } else if (o instanceof Undefined) {
            return "Undefined";
        } else if (o instanceof Namespace) {
            return "Namespace";
        } else if (o instanceof LoopInfo) {
            return "LoopContext";
        } else if (o instanceof Generator) {
            return "generator";
        } else if (o instanceof View) {
            return ((View) o).name();
        }
        return "builtin_function_or_method";
    }

    static boolean truthy(Object o) {
        if (o == null || o instanceof Undefined) {
            return false;
        } else if (o instanceof Boolean) {
            return (Boolean) o;
        } else if (o instanceof Long) {
            return (Long) o != 0;
        } else if (o instanceof Double) {
            return (Double) o != 0.0;
        } else if (o instanceof String) {
            return !((String) o).isEmpty();
        } else if (o instanceof Collection) {
            return !((Collection<?>) o).isEmpty();
        } else if (o instanceof Tuple) {
            return !((Tuple) o).items().isEmpty();
        } else if (o instanceof Map) {
            return !((Map<?, ?>) o).isEmpty();
        } else if (o instanceof View) {
            return !((View) o).items().isEmpty();
        }
        return true;
    }

    /** Python's {@code str(o)}; the undefined value prints as ''. */
    static String str(Object o) {
        return Repr.str(o);
    }

    static String repr(Object o) {
        return Repr.repr(o);
    }

    static String floatRepr(double d) {
        return Repr.floatRepr(d);
    }

    static boolean isNumber(Object o) {
        return o instanceof Long || o instanceof Double || o instanceof Boolean;
    }

    static boolean isInteger(Object o) {
        return o instanceof Long || o instanceof Boolean;
    }

    static long toLong(Object o) {
        return o instanceof Boolean ? ((Boolean) o ? 1 : 0) : (Long) o;
    }

    static double toDouble(Object o) {
        return o instanceof Double ? (Double) o : toLong(o);
    }

    static boolean eq(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            return isInteger(a) && isInteger(b) ? toLong(a) == toLong(b) : toDouble(a) == toDouble(b);
        } else if (a instanceof List && b instanceof List) {
            return seqEq((List<?>) a, (List<?>) b);
        } else if (a instanceof Tuple && b instanceof Tuple) {
            return seqEq(((Tuple) a).items(), ((Tuple) b).items());
        } else if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            return x.size() == y.size()
                    && x.entrySet().stream().allMatch(e -> y.containsKey(e.getKey()) && eq(e.getValue(), y.get(e.getKey())));
        } else if (a == null || b == null) {
            return a == b;
        }
        return a.equals(b);
    }

    private static boolean seqEq(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!eq(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Python ordering of two values; fails like Python for values of unrelated types. */
    static int compare(Object a, Object b, String op) {
        if (a instanceof Undefined) {
            throw ((Undefined) a).fail();
        } else if (b instanceof Undefined) {
            throw ((Undefined) b).fail();
        } else if (isNumber(a) && isNumber(b)) {
            return isInteger(a) && isInteger(b) ? Long.compare(toLong(a), toLong(b))
                    : Double.compare(toDouble(a), toDouble(b));
        } else if (a instanceof String && b instanceof String) {
            return Integer.signum(((String) a).compareTo((String) b));
        } else if ((a instanceof List && b instanceof List) || (a instanceof Tuple && b instanceof Tuple)) {
            List<Object> x = iterate(a);
            List<Object> y = iterate(b);
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return compare(x.get(i), y.get(i), op);
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateException("TypeError: '" + op + "' not supported between instances of '" + typeName(a)
                + "' and '" + typeName(b) + "'");
    }

    /** The items a for loop visits: list and tuple items, dict keys, string characters; undefined is empty. */
    @SuppressWarnings("unchecked")
    static List<Object> iterate(Object o) {
        if (o instanceof List) {
            return (List<Object>) o;
        } else if (o instanceof Tuple) {
            return ((Tuple) o).items();
        } else if (o instanceof Map) {
            return new ArrayList<>(((Map<Object, Object>) o).keySet());
        } else if (o instanceof String) {
            List<Object> chars = new ArrayList<>();
            ((String) o).codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
            return chars;
        } else if (o instanceof Undefined) {
            return List.of();
        } else if (o instanceof Generator) {
            return ((Generator) o).drain();
        } else if (o instanceof View) {
            return ((View) o).items();
        }
        throw new TemplateException("TypeError: '" + typeName(o) + "' object is not iterable");
    }

    static long len(Object o) {
        if (o instanceof String) {
            return ((String) o).codePointCount(0, ((String) o).length());
        } else if (o instanceof List || o instanceof Tuple || o instanceof Map) {
            return o instanceof Map ? ((Map<?, ?>) o).size() : iterate(o).size();
        } else if (o instanceof Undefined) {
            return 0;
        } else if (o instanceof View) {
            return ((View) o).items().size();
        }
        throw new TemplateException("TypeError: object of type '" + typeName(o) + "' has no len()");
    }

    static boolean isSpace(int c) {
        return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || Character.isSpaceChar(c);
    }

    static String strip(String s, String chars) {
        return lstrip(rstrip(s, chars), chars);
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && (chars == null ? isSpace(s.charAt(i)) : chars.indexOf(s.charAt(i)) >= 0)) {
            i++;
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0 && (chars == null ? isSpace(s.charAt(i - 1)) : chars.indexOf(s.charAt(i - 1)) >= 0)) {
            i--;
        }
        return s.substring(0, i);
    }

    static Long parseInt(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new TemplateException("integer " + digits + " is larger than this engine supports (64-bit)");
        }
    }

    /** A caller's value as a template value: Integer becomes Long, Float Double, collections are copied. */
    static Object fromJava(Object o) {
        if (o == null || o instanceof String || o instanceof Long || o instanceof Double || o instanceof Boolean) {
            return o;
        } else if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        } else if (o instanceof Float || o instanceof BigDecimal) {
            return ((Number) o).doubleValue();
        } else if (o instanceof java.math.BigInteger) {
            return ((java.math.BigInteger) o).longValueExact();
        } else if (o instanceof CharSequence || o instanceof Character) {
            return o.toString();
        } else if (o instanceof Collection) {
            List<Object> list = new ArrayList<>();
            ((Collection<?>) o).forEach(i -> list.add(fromJava(i)));
            return list;
        } else if (o instanceof Map) {
            Map<Object, Object> map = new LinkedHashMap<>();
            ((Map<?, ?>) o).forEach((k, v) -> map.put(fromJava(k), fromJava(v)));
            return map;
        } else if (o instanceof Tuple || o instanceof Namespace || o instanceof Undefined || o instanceof Callable) {
            return o;
        }
        throw new IllegalArgumentException("chat template context: unsupported value type " + o.getClass().getName()
                + " (expected String, Number, Boolean, null, List or Map)");
    }
}
