package io.iwpspark.pruning;

import java.math.BigDecimal;
import java.util.List;

/**
 * One parameter of a pruner as {@code iwp methods} and docs/METHODS.md show it: its sweep name, type,
 * default and allowed values, in the text a sweep file would hold. Build with the static factories.
 *
 * @param name the key in a sweep file
 * @param type INT, REAL, BOOL or CHOICE
 * @param defaultValue the value used when the key is absent, as text
 * @param min lower bound (INT, REAL; inclusive unless {@code minExclusive})
 * @param minExclusive whether {@code min} itself is rejected
 * @param max upper bound, inclusive (INT, REAL)
 * @param choices the allowed words (BOOL, CHOICE), lower case
 * @param meaning what the parameter changes, one sentence
 */
public record ParamSpec(String name, Type type, String defaultValue, double min, boolean minExclusive, double max,
        List<String> choices, String meaning) {

    /** The kind of value a parameter takes. */
    public enum Type { INT, REAL, BOOL, CHOICE }

    /** Bounds at or beyond this are shown as open-ended. */
    static final double UNBOUNDED = 1e9;

    public ParamSpec {
        choices = List.copyOf(choices);
        if (name == null || name.isBlank() || meaning == null || meaning.isBlank()) {
            throw new IllegalArgumentException("a parameter needs a name and a meaning, found " + name + ", " + meaning);
        }
    }

    public static ParamSpec integer(String name, int defaultValue, int min, int max, String meaning) {
        return new ParamSpec(name, Type.INT, Integer.toString(defaultValue), min, false, max, List.of(), meaning);
    }

    public static ParamSpec real(String name, double defaultValue, double min, double max, String meaning) {
        return new ParamSpec(name, Type.REAL, number(defaultValue), min, false, max, List.of(), meaning);
    }

    /** A real in (min, max]. */
    public static ParamSpec realAbove(String name, double defaultValue, double min, double max, String meaning) {
        return new ParamSpec(name, Type.REAL, number(defaultValue), min, true, max, List.of(), meaning);
    }

    public static ParamSpec bool(String name, boolean defaultValue, String meaning) {
        return new ParamSpec(name, Type.BOOL, Boolean.toString(defaultValue), 0, false, 0, List.of("true", "false"),
                meaning);
    }

    public static ParamSpec choice(String name, String defaultValue, List<String> choices, String meaning) {
        if (!choices.contains(defaultValue)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " is not among " + choices);
        }
        return new ParamSpec(name, Type.CHOICE, defaultValue, 0, false, 0, choices, meaning);
    }

    /** The allowed values as text: "[0, 1]", "(0, 1]", ">= 1", "any integer", "exp | linear", "true | false". */
    public String allowed() {
        return switch (type) {
            case BOOL, CHOICE -> String.join(" | ", choices);
            case INT, REAL -> {
                if (type == Type.INT && min <= Integer.MIN_VALUE && max >= Integer.MAX_VALUE) {
                    yield "any integer";
                }
                String lo = type == Type.INT ? Long.toString((long) min) : number(min);
                if (max >= UNBOUNDED) {
                    yield (minExclusive ? "> " : ">= ") + lo;
                }
                String hi = type == Type.INT ? Long.toString((long) max) : number(max);
                yield (minExclusive ? "(" : "[") + lo + ", " + hi + "]";
            }
        };
    }

    /** A number as a sweep file would hold it: no trailing ".0", plain notation (0.15625, 0.000001). */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
