package io.iwpspark.datasets.scorers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Pattern;

/** Python's {@code float(str)} and {@code round(x, n)}, where Java's parsing and rounding differ. */
final class PyFloat {
    private static final String DIGITS = "\\d(?:_?\\d)*";
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\." + DIGITS
            + ")(?:[eE][+-]?" + DIGITS + ")?", Pattern.UNICODE_CHARACTER_CLASS);

    private PyFloat() {
    }

    /** {@code float(s)}, or null where Python raises ValueError (any Unicode decimal digit counts, '_' between digits). */
    static Double parse(String s) {
        String t = PyStr.strip(s);
        String low = t.toLowerCase(Locale.ROOT);
        String unsigned = low.startsWith("+") || low.startsWith("-") ? low.substring(1) : low;
        double sign = low.startsWith("-") ? -1 : 1;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (!DECIMAL.matcher(t).matches()) {
            return null;
        }
        StringBuilder ascii = new StringBuilder();
        t.codePoints().forEach(c -> {
            if (Character.isDigit(c)) {
                ascii.append((char) ('0' + Character.digit(c, 10)));
            } else if (c != '_') {
                ascii.appendCodePoint(c);
            }
        });
        return Double.parseDouble(ascii.toString());
    }

    /** {@code round(x, n)}: the exact binary value rounded half-even to n decimals. */
    static double round(double x, int n) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        return new BigDecimal(x).setScale(n, RoundingMode.HALF_EVEN).doubleValue();
    }
}
