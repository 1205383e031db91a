package io.iwpspark.lvlm.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
  * The tests of {@code x is name} (jinja2/tests.py): defined, none, string, number, mapping, iterable, equalto,
  * in, odd, ... with Python's rules (a bool is a number but not an integer, an undefined value is iterable).
  */
final class Tests {
    @FunctionalInterface
    interface Test {
        boolean test(Object value, List<Object> args);
    }

    private static final Map<String, Test> TESTS = new HashMap<>();

    static {
        TESTS.put("defined", (v, a) -> !(v instanceof Undefined));
        TESTS.put("undefined", (v, a) -> v instanceof Undefined);
        TESTS.put("none", (v, a) -> v == null);
        TESTS.put("string", (v, a) -> v instanceof String);
        TESTS.put("number", (v, a) -> Py.isNumber(v));
        TESTS.put("integer", (v, a) -> v instanceof Long);
        TESTS.put("float", (v, a) -> v instanceof Double);
        TESTS.put("boolean", (v, a) -> v instanceof Boolean);
        TESTS.put("true", (v, a) -> Boolean.TRUE.equals(v));
        TESTS.put("false", (v, a) -> Boolean.FALSE.equals(v));
        TESTS.put("mapping", (v, a) -> v instanceof Map);
        TESTS.put("iterable", (v, a) -> v instanceof String || v instanceof List || v instanceof Tuple
                || v instanceof Map || v instanceof Undefined || v instanceof Generator || v instanceof View);
        TESTS.put("sequence", (v, a) -> v instanceof String || v instanceof List || v instanceof Tuple
                || v instanceof Map || v instanceof Undefined || (v instanceof View && ((View) v).subscriptable()));
        TESTS.put("callable", (v, a) -> v instanceof Callable);
        TESTS.put("odd", (v, a) -> Math.floorMod(integer(v, "odd"), 2) == 1);
        TESTS.put("even", (v, a) -> Math.floorMod(integer(v, "even"), 2) == 0);
        TESTS.put("divisibleby", (v, a) -> Math.floorMod(integer(v, "divisibleby"), integer(arg(a, "divisibleby"),
                "divisibleby")) == 0);
        TESTS.put("in", (v, a) -> Operators.contains(arg(a, "in"), v));
        TESTS.put("sameas", (v, a) -> v == arg(a, "sameas") || (v != null && v.equals(arg(a, "sameas"))));
        TESTS.put("lower", (v, a) -> cased(Py.str(v), true));
        TESTS.put("upper", (v, a) -> cased(Py.str(v), false));
        Test eq = (v, a) -> Py.eq(v, arg(a, "=="));
        Test ne = (v, a) -> !Py.eq(v, arg(a, "!="));
        for (String n : new String[] {"equalto", "eq", "=="}) {
            TESTS.put(n, eq);
        }
        for (String n : new String[] {"ne", "!="}) {
            TESTS.put(n, ne);
        }
        String[][] order = {{"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="}, {"lessthan", "<"},
                {"greaterthan", ">"}};
        for (String[] o : order) {
            Test t = (v, a) -> Compare.holds(o[1], v, arg(a, o[1]));
            TESTS.put(o[0], t);
            TESTS.put(o[1], t);
        }
    }

    private Tests() {}

    static boolean exists(String name) {
        return TESTS.containsKey(name);
    }

    static boolean apply(String name, Object value, List<Object> args) {
        Test t = TESTS.get(name);
        if (t == null) {
            throw new TemplateException("unknown test '" + name + "'");
        }
        return t.test(value, args);
    }

    private static Object arg(List<Object> args, String test) {
        if (args.isEmpty()) {
            throw new TemplateException("TypeError: test '" + test + "' needs an argument");
        }
        return args.get(0);
    }

    private static long integer(Object v, String test) {
        if (!Py.isInteger(v)) {
            throw new TemplateException("TypeError: test '" + test + "' needs an integer, found " + Py.typeName(v));
        }
        return Py.toLong(v);
    }

    private static boolean cased(String s, boolean lower) {
        boolean anyCased = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c)) {
                anyCased = true;
                if (lower ? !Character.isLowerCase(c) : !Character.isUpperCase(c)) {
                    return false;
                }
            }
        }
        return anyCased;
    }
}
