package io.iwpspark.lvlm.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
  * The text Python gives a value: {@code str()} for output and {@code repr()} inside containers, so a list prints
  * as ['a', 1, None], a float as its shortest round-trip digits (1.0, 1e+20), a string with the quote Python picks.
  */
final class Repr {
    private Repr() {}

    /** Python's {@code str(o)}; the undefined value prints as ''. */
    static String str(Object o) {
        if (o instanceof String) {
            return (String) o;
        } else if (o instanceof Undefined) {
            return "";
        }
        return repr(o);
    }

    static String repr(Object o) {
        if (o == null) {
            return "None";
        } else if (o instanceof Boolean) {
            return (Boolean) o ? "True" : "False";
        } else if (o instanceof Long) {
            return o.toString();
        } else if (o instanceof Double) {
            return floatRepr((Double) o);
        } else if (o instanceof String) {
            return stringRepr((String) o);
        } else if (o instanceof List) {
            return join("[", (List<?>) o, "]");
        } else if (o instanceof Tuple) {
            List<Object> items = ((Tuple) o).items();
            return items.size() == 1 ? "(" + repr(items.get(0)) + ",)" : join("(", items, ")");
        } else if (o instanceof Map) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            ((Map<?, ?>) o).forEach((k, v) -> j.add(repr(k) + ": " + repr(v)));
            return j.toString();
        } else if (o instanceof Undefined) {
            return "Undefined";
        } else if (o instanceof Callable) {
            return "<built-in method>";
        } else if (o instanceof View) {
            View v = (View) o;
            return v.name() + "(" + (v.arguments() != null ? v.arguments() : join("[", v.items(), "]")) + ")";
        }
        return o.toString();
    }

    private static String join(String open, List<?> items, String close) {
        StringJoiner j = new StringJoiner(", ", open, close);
        items.forEach(i -> j.add(repr(i)));
        return j.toString();
    }

    /** Python's shortest round-trip float text: 1.0, 0.1, 1e+20, 1e-05, nan, inf. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        } else if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        } else if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal b = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = b.unscaledValue().toString();
        int exp = digits.length() - 1 - b.scale();
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = b.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == '\\' || cp == quote) {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp < 0x20 || cp == 0x7f || (cp > 0x7f && !printable(cp))) {
                out.append(cp <= 0xff ? String.format("\\x%02x", cp)
                        : cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append(quote).toString();
    }

    private static boolean printable(int cp) {
        int t = Character.getType(cp);
        return t != Character.CONTROL && t != Character.FORMAT && t != Character.SURROGATE
                && t != Character.PRIVATE_USE && t != Character.UNASSIGNED && t != Character.LINE_SEPARATOR
                && t != Character.PARAGRAPH_SEPARATOR && t != Character.SPACE_SEPARATOR;
    }

}
