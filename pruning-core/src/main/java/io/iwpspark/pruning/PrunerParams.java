package io.iwpspark.pruning;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hyper-parameters of one pruner as text (from a sweep file or a table), read once into a typed,
 * validated config record. Every error names the pruner, the parameter and the value found.
 *
 * <p>Every value a factory reads through a typed getter is also recorded, default or given, in one
 * spelling ({@link #resolved()}): that is the configuration's canonical form, from which its id is made.
 */
public final class PrunerParams {
    private final String pruner;
    private final Map<String, String> values;
    private final Map<String, String> resolved = new TreeMap<>();

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

    /**
     * Every parameter read so far through a typed getter, as read (defaults filled in): numbers in
     * their shortest plain decimal form ("1", "0.5"), booleans "true"/"false", enum constants and
     * choices in lower case. Two spellings of one value give one entry.
     */
    public Map<String, String> resolved() {
        return Map.copyOf(resolved);
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
        requireRange(name, v, min, max);
        resolved.put(name, Double.isFinite(v)
                ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : Double.toString(v));
        return v;
    }

    public int getInt(String name, int defaultValue, int min, int max) {
        String raw = values.get(name);
        int v;
        if (raw == null) {
            v = defaultValue;
        } else {
            try {
                v = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        pruner + " parameter " + name + " must be an integer, found \"" + raw + "\"", e);
            }
        }
        requireRange(name, v, min, max);
        resolved.put(name, Integer.toString(v));
        return v;
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        String raw = values.get(name);
        boolean v = raw == null ? defaultValue : switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(
                    pruner + " parameter " + name + " must be true or false, found \"" + raw + "\"");
        };
        resolved.put(name, Boolean.toString(v));
        return v;
    }

    /** One of {@code allowed} (compared ignoring case and surrounding space), lower-cased. */
    public String getChoice(String name, String defaultValue, java.util.List<String> allowed) {
        String raw = values.get(name);
        String v = raw == null ? defaultValue : raw.trim().toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException(pruner + " parameter " + name + " must be one of " + allowed
                    + ", found \"" + (raw == null ? defaultValue : raw) + "\"");
        }
        resolved.put(name, v);
        return v;
    }

    public <E extends Enum<E>> E getEnum(String name, E defaultValue) {
        String raw = values.get(name);
        E found = raw == null ? defaultValue : null;
        for (E constant : defaultValue.getDeclaringClass().getEnumConstants()) {
            if (raw != null && constant.name().equalsIgnoreCase(raw.trim())) {
                found = constant;
            }
        }
        if (found != null) {
            resolved.put(name, found.name().toLowerCase(java.util.Locale.ROOT));
            return found;
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
