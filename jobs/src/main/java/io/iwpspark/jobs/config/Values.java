package io.iwpspark.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of configuration values. Each error names the key (dotted, with list indices), the value
 * found as written and what was expected; integers are range-checked as exact integers, so a value
 * never wraps (4294967296 is not 0).
 */
final class Values {
    private Values() {}

    /** An integer in [min, max], or {@code fallback} when the key is absent or null. */
    static long integer(JsonNode parent, String key, String name, long fallback, long min, long max) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        return integer(n, name, min, max);
    }

    static long integer(JsonNode n, String name, long min, long max) {
        if (!n.isIntegralNumber()) {
            throw new ConfigException(name + " must be an integer in " + range(min, max) + ", found " + Yaml.shown(n));
        }
        BigInteger v = n.bigIntegerValue();
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new ConfigException(name + " must be an integer in " + range(min, max) + ", found " + v);
        }
        return v.longValueExact();
    }

    static int int32(JsonNode parent, String key, String name, int fallback, int min, int max) {
        return (int) integer(parent, key, name, fallback, min, max);
    }

    /** A single scalar as text, or {@code fallback} when absent or null. */
    static String text(JsonNode parent, String key, String fallback) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        return scalar(n, key);
    }

    static String scalar(JsonNode n, String name) {
        if (!n.isValueNode() || n.isNull()) {
            throw new ConfigException(name + " must be a single value, found " + Yaml.shown(n));
        }
        return n.asText();
    }

    /** A list of scalars as text; absent or null is an empty list. */
    static List<String> texts(JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new ConfigException(key + " must be a list, found " + Yaml.shown(n));
        }
        for (int i = 0; i < n.size(); i++) {
            out.add(scalar(n.get(i), key + "[" + i + "]"));
        }
        return out;
    }

    /** A two-way choice: true when the value is {@code yes}. */
    static boolean choice(JsonNode parent, String key, String no, String yes) {
        String v = text(parent, key, no);
        if (!v.equals(no) && !v.equals(yes)) {
            throw new ConfigException(key + " must be " + no + " or " + yes + ", found \"" + v + "\"");
        }
        return v.equals(yes);
    }

    /** A YAML boolean (true / false), {@code fallback} when absent. */
    static boolean bool(JsonNode parent, String key, boolean fallback) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new ConfigException(key + " must be true or false, found " + Yaml.shown(n));
        }
        return n.booleanValue();
    }

    /** Refuses keys outside {@code known}, naming each with its prefix. */
    static void requireKnown(String prefix, JsonNode node, Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                unknown.add(prefix + k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown key(s) " + unknown + "; expected some of " + new TreeSet<>(known));
        }
    }

    private static String range(long min, long max) {
        return "[" + min + ", " + max + "]";
    }
}
