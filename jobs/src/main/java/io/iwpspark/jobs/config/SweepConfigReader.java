package io.iwpspark.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a sweep YAML file into a {@link SweepConfig}: the only place that knows its snake_case keys.
 * Relative paths resolve against {@code base} (the working directory); unknown keys are errors.
 */
public final class SweepConfigReader {
    private static final Set<String> KEYS = Set.of("model", "device", "dtype", "samples", "synthetic", "benchmarks",
            "limit", "methods", "budgets", "max_new_tokens", "keys", "positions", "pool_stride", "partitions",
            "wave_size", "output", "bootstrap", "seed");
    private static final Set<String> SYNTHETIC_KEYS = Set.of("vqa", "video", "seed", "image_size");

    private SweepConfigReader() {}

    public static SweepConfig read(Path file, Path base) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("sweep configuration " + file + " does not exist");
        }
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        try {
            return parse(root, base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Applies "key=value" overrides (dotted keys for nested ones) from the command line. */
    public static SweepConfig read(Path file, Path base, Map<String, String> overrides) throws IOException {
        SweepConfig c = read(file, base);
        if (overrides.isEmpty()) {
            return c;
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) yaml.readTree(file.toFile());
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            String[] path = o.getKey().split("\\.");
            var node = root;
            for (int i = 0; i < path.length - 1; i++) {
                node = node.has(path[i]) && node.get(path[i]).isObject()
                        ? (com.fasterxml.jackson.databind.node.ObjectNode) node.get(path[i]) : node.putObject(path[i]);
            }
            node.set(path[path.length - 1], yaml.readTree(o.getValue()));
        }
        try {
            return parse(root, base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " with overrides " + overrides.keySet() + ": " + e.getMessage(), e);
        }
    }

    static SweepConfig parse(JsonNode root, Path base) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a mapping of keys at the top, found " + (root == null ? "nothing" : root.getNodeType()));
        }
        requireKnown("", root, KEYS);
        SyntheticSpec synthetic = null;
        JsonNode s = root.get("synthetic");
        if (s != null && !s.isNull()) {
            requireKnown("synthetic.", s, SYNTHETIC_KEYS);
            synthetic = new SyntheticSpec(integer(s, "synthetic.vqa", "vqa", 300), integer(s, "synthetic.video", "video", 0),
                    integer(s, "synthetic.seed", "seed", 1), (int) integer(s, "synthetic.image_size", "image_size", 336));
        }
        return new SweepConfig(
                path(base, text(root, "model", null)),
                text(root, "device", "auto"),
                text(root, "dtype", "f32"),
                path(base, text(root, "samples", null)),
                synthetic,
                texts(root, "benchmarks"),
                (int) integer(root, "limit", "limit", 0),
                methods(root.get("methods")),
                budgets(root.get("budgets")),
                (int) integer(root, "max_new_tokens", "max_new_tokens", 16),
                choice(root, "keys", "before_rope", "after_rope"),
                choice(root, "positions", "original", "reindex"),
                (int) integer(root, "pool_stride", "pool_stride", 1),
                (int) integer(root, "partitions", "partitions", 0),
                (int) integer(root, "wave_size", "wave_size", 64),
                path(base, text(root, "output", null)),
                (int) integer(root, "bootstrap", "bootstrap", 1000),
                integer(root, "seed", "seed", 0));
    }

    private static List<MethodGrid> methods(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("methods must be a list of {name: ..., <param>: [values]}, found "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        List<MethodGrid> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String where = "methods[" + i + "]";
            if (m.isTextual()) {
                out.add(new MethodGrid(m.asText(), Map.of()));
                continue;
            }
            if (!m.isObject() || !m.has("name") || !m.get("name").isTextual()) {
                throw new IllegalArgumentException(where + " must be a pruner name or {name: ..., <param>: [values]}, found " + m);
            }
            Map<String, List<String>> grid = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("name")) {
                    continue;
                }
                List<String> values = new ArrayList<>();
                if (f.getValue().isArray()) {
                    f.getValue().forEach(v -> values.add(v.asText()));
                } else {
                    values.add(f.getValue().asText());
                }
                grid.put(f.getKey(), values);
            }
            out.add(new MethodGrid(m.get("name").asText(), grid));
        }
        return out;
    }

    private static List<Integer> budgets(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("budgets must be a list of integers, found "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).canConvertToInt() || !node.get(i).isIntegralNumber()) {
                throw new IllegalArgumentException("budgets[" + i + "] must be an integer, found " + node.get(i));
            }
            out.add(node.get(i).asInt());
        }
        return out;
    }

    private static void requireKnown(String prefix, JsonNode node, Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                unknown.add(prefix + k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key(s) " + unknown + "; expected some of " + new TreeSet<>(known));
        }
    }

    private static String text(JsonNode root, String key, String fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isValueNode()) {
            throw new IllegalArgumentException(key + " must be a single value, found " + n.getNodeType());
        }
        return n.asText();
    }

    private static List<String> texts(JsonNode root, String key) {
        JsonNode n = root.get(key);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(key + " must be a list, found " + n.getNodeType());
        }
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static long integer(JsonNode node, String name, String key, long fallback) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " must be an integer, found " + n);
        }
        return n.asLong();
    }

    /** A two-way choice: true when the value is {@code yes}. */
    private static boolean choice(JsonNode root, String key, String no, String yes) {
        String v = text(root, key, no);
        if (!v.equals(no) && !v.equals(yes)) {
            throw new IllegalArgumentException(key + " must be " + no + " or " + yes + ", found \"" + v + "\"");
        }
        return v.equals(yes);
    }

    private static String path(Path base, String value) {
        return value == null ? null : base.resolve(value).normalize().toString();
    }
}
