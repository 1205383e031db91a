package io.iwpspark.pruning;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hyper-parameters of one pruner as text (from a sweep file or a table), read once into a typed,
 * validated config record. Every error names the pruner, the parameter and the value found.
 */
public final class PrunerParams {
    private final String pruner;
    private final Map<String, String> values;

    public PrunerParams(String pruner, Map<String, String> values) {
        this.pruner = pruner;
        this.values = new TreeMap<>(values);
    }

    public static PrunerParams empty(String pruner) {
        return new PrunerParams(pruner, Map.of());
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    /** Rejects any key outside {@code allowed}. */
    public PrunerParams requireOnly(Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter(s) " + unknown + " for pruner " + pruner
                    + "; expected some of " + new TreeSet<>(allowed));
        }
        return this;
    }

    public double getDouble(String name, double defaultValue, double min, double max) {
        String raw = values.get(name);
        double v;
        if (raw == null) {
            v = defaultValue;
        } else {
            try {
                v = Double.parseDouble(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        pruner + " parameter " + name + " must be a number, found \"" + raw + "\"", e);
            }
        }
        return requireRange(name, v, min, max);
    }

    public int getInt(String name, int defaultValue, int min, int max) {
        String raw = values.get(name);
        if (raw == null) {
            return (int) requireRange(name, defaultValue, min, max);
        }
        try {
            return (int) requireRange(name, Integer.parseInt(raw.trim()), min, max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    pruner + " parameter " + name + " must be an integer, found \"" + raw + "\"", e);
        }
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        return switch (raw.trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(
                    pruner + " parameter " + name + " must be true or false, found \"" + raw + "\"");
        };
    }

    public <E extends Enum<E>> E getEnum(String name, E defaultValue) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        for (E constant : defaultValue.getDeclaringClass().getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException(pruner + " parameter " + name + " must be one of "
                + java.util.Arrays.toString(defaultValue.getDeclaringClass().getEnumConstants()) + ", found \"" + raw + "\"");
    }

    /** An INT parameter with the default and bounds its descriptor declares. */
    public int getInt(ParamSpec p) {
        requireType(p, ParamSpec.Type.INT);
        return getInt(p.name(), Integer.parseInt(p.defaultValue()), (int) p.min(), (int) p.max());
    }

    /** A REAL parameter with the default and bounds its descriptor declares. */
    public double getDouble(ParamSpec p) {
        requireType(p, ParamSpec.Type.REAL);
        return getDouble(p.name(), Double.parseDouble(p.defaultValue()), p.minExclusive() ? Math.nextUp(p.min()) : p.min(),
                p.max());
    }

    /** A BOOL parameter with the default its descriptor declares. */
    public boolean getBoolean(ParamSpec p) {
        requireType(p, ParamSpec.Type.BOOL);
        return getBoolean(p.name(), Boolean.parseBoolean(p.defaultValue()));
    }

    /** A CHOICE parameter: one of the descriptor's words (case-insensitive), returned in lower case. */
    public String getChoice(ParamSpec p) {
        requireType(p, ParamSpec.Type.CHOICE);
        String raw = values.get(p.name());
        if (raw == null) {
            return p.defaultValue();
        }
        String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
        if (!p.choices().contains(v)) {
            throw new IllegalArgumentException(pruner + " parameter " + p.name() + " must be " + p.allowed() + " ("
                    + p.meaning() + "), found \"" + raw + "\"");
        }
        return v;
    }

    private static void requireType(ParamSpec p, ParamSpec.Type type) {
        if (p.type() != type) {
            throw new IllegalArgumentException("parameter " + p.name() + " is " + p.type() + ", read as " + type);
        }
    }

    private double requireRange(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(
                    pruner + " parameter " + name + " must be in [" + min + ", " + max + "], found " + v);
        }
        return v;
    }
}
