package io.iwpspark.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iwpspark.datasets.schema.MediaLimits;
import io.iwpspark.datasets.video.VideoSampling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a sweep YAML file into a {@link SweepConfig}: the only place that knows its snake_case keys.
 * {@code --set} overrides apply to the document first, so they may supply a key the file lacks; the
 * result is validated once. Relative paths resolve against {@code base} (the working directory);
 * unknown keys, duplicate keys, out-of-range integers and syntax errors are {@link ConfigException}s
 * of one line naming the file, the key and the value found.
 */
public final class SweepConfigReader {
    private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://");
    private static final Set<String> KEYS = Set.of("model", "device", "dtype", "samples", "synthetic", "benchmarks",
            "limit", "methods", "budgets", "max_new_tokens", "batch_size", "samples_per_batch", "warmup_samples",
            "keys", "positions", "pool_stride", "partitions", "wave_size", "output", "bootstrap", "seed", "media",
            "anyres_unpad", "sources", "video_frames", "video_sampling", "scoring");
    private static final Set<String> SOURCE_KEYS = Set.of("benchmark", "path", "format", "images");
    private static final Set<String> SYNTHETIC_KEYS = Set.of("vqa", "video", "seed", "image_size");
    private static final Set<String> MEDIA_KEYS = Set.of("max_pixels", "max_frames", "max_bytes");
    private static final int MAX = Integer.MAX_VALUE;

    private SweepConfigReader() {}

    public static SweepConfig read(Path file, Path base) {
        return read(file, base, Map.of());
    }

    /** Applies "key=value" overrides (dotted keys for nested ones, values read as YAML), then validates. */
    public static SweepConfig read(Path file, Path base, Map<String, String> overrides) {
        JsonNode root = Yaml.read(file);
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(file + ": expected a mapping of keys at the top, found " + Yaml.shown(root));
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            set((ObjectNode) root, o.getKey(), Yaml.value(o.getKey(), o.getValue()));
        }
        try {
            SweepConfig c = parse(root, base);
            c.configurations(); // every pruner built once: a bad method or parameter is refused here
            return c;
        } catch (IllegalArgumentException e) {
            String with = overrides.isEmpty() ? "" : " with --set " + overrides.keySet();
            throw new ConfigException(file + with + ": " + e.getMessage(), e);
        }
    }

    private static void set(ObjectNode root, String dotted, JsonNode value) {
        String[] path = dotted.split("\\.", -1);
        ObjectNode node = root;
        for (int i = 0; i < path.length; i++) {
            if (path[i].isEmpty()) {
                throw new ConfigException("--set " + dotted + ": empty key segment");
            }
            if (i == path.length - 1) {
                node.set(path[i], value);
            } else if (!node.has(path[i]) || node.get(path[i]).isNull()) {
                node = node.putObject(path[i]);
            } else if (node.get(path[i]).isObject()) {
                node = (ObjectNode) node.get(path[i]);
            } else {
                throw new ConfigException("--set " + dotted + ": " + String.join(".", List.of(path).subList(0, i + 1))
                        + " is not a mapping, found " + Yaml.shown(node.get(path[i])));
            }
        }
    }

    static SweepConfig parse(JsonNode root, Path base) {
        Values.requireKnown("", root, KEYS);
        return new SweepConfig(
                path(base, "model", Values.text(root, "model", null)),
                Values.text(root, "device", "auto"),
                Values.text(root, "dtype", "f32"),
                path(base, "samples", Values.text(root, "samples", null)),
                synthetic(root.get("synthetic")),
                Values.texts(root, "benchmarks"),
                Values.int32(root, "limit", "limit", 0, 0, MAX),
                methods(root.get("methods")),
                budgets(root.get("budgets")),
                Values.int32(root, "max_new_tokens", "max_new_tokens", 16, 1, MAX),
                Values.choice(root, "keys", "before_rope", "after_rope"),
                Values.choice(root, "positions", "original", "reindex"),
                new VisualSettings(Values.int32(root, "pool_stride", "pool_stride", 1, 1, MAX),
                        Values.bool(root, "anyres_unpad", true)),
                Values.int32(root, "partitions", "partitions", 0, 0, MAX),
                Values.int32(root, "wave_size", "wave_size", 64, 1, MAX),
                path(base, "output", Values.text(root, "output", null)),
                Values.int32(root, "bootstrap", "bootstrap", 1000, 1, MAX),
                Values.integer(root, "seed", "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE),
                media(root.get("media")),
                new PrepareSettings(sources(root.get("sources"), base), video(root)))
                .withBatchSize(Values.int32(root, "batch_size", "batch_size", RuntimeSettings.DEFAULT_BATCH_SIZE, 1,
                        RuntimeSettings.MAX_BATCH_SIZE))
                .withSamplesPerBatch(Values.int32(root, "samples_per_batch", "samples_per_batch",
                        RuntimeSettings.DEFAULT_SAMPLES_PER_BATCH, 1, RuntimeSettings.MAX_SAMPLES_PER_BATCH))
                .withWarmupSamples(Values.int32(root, "warmup_samples", "warmup_samples",
                        RuntimeSettings.DEFAULT_WARMUP_SAMPLES, 0, RuntimeSettings.MAX_WARMUP_SAMPLES))
                .withScoring(scoring(root.get("scoring")));
    }

    /** {@code scoring: {mme: {parser: official | lmms_eval}}}; absent keys keep the defaults. */
    private static ScoringSettings scoring(JsonNode s) {
        if (s == null || s.isNull()) {
            return ScoringSettings.DEFAULT;
        }
        if (!s.isObject()) {
            throw new ConfigException("scoring must be a mapping of [mme], found " + Yaml.shown(s));
        }
        Values.requireKnown("scoring.", s, Set.of("mme"));
        JsonNode mme = s.get("mme");
        if (mme == null || mme.isNull()) {
            return ScoringSettings.DEFAULT;
        }
        if (!mme.isObject()) {
            throw new ConfigException("scoring.mme must be a mapping of [parser], found " + Yaml.shown(mme));
        }
        Values.requireKnown("scoring.mme.", mme, Set.of("parser"));
        String parser = mme.hasNonNull("parser") ? Values.scalar(mme.get("parser"), "scoring.mme.parser") : "official";
        var allowed = new java.util.TreeSet<>(ScoringSettings.MME_PARSERS.keySet());
        if (!allowed.contains(parser)) {
            throw new ConfigException("scoring.mme.parser must be one of " + allowed + ", found \"" + parser + "\"");
        }
        return new ScoringSettings(ScoringSettings.MME_PARSERS.get(parser));
    }

    private static List<SourceSpec> sources(JsonNode node, Path base) {
        List<SourceSpec> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new ConfigException("sources must be a list of {benchmark: ..., path: ..., format: ...}, found "
                    + Yaml.shown(node));
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            String where = "sources[" + i + "]";
            if (!s.isObject()) {
                throw new ConfigException(where + " must be a mapping of " + new java.util.TreeSet<>(SOURCE_KEYS)
                        + ", found " + Yaml.shown(s));
            }
            Values.requireKnown(where + ".", s, SOURCE_KEYS);
            for (String required : List.of("benchmark", "path")) {
                if (!s.hasNonNull(required)) {
                    throw new ConfigException(where + "." + required + " must be set, found nothing");
                }
            }
            try {
                out.add(new SourceSpec(Values.scalar(s.get("benchmark"), where + ".benchmark"),
                        path(base, "path", Values.scalar(s.get("path"), where + ".path")),
                        s.hasNonNull("format") ? Values.scalar(s.get("format"), where + ".format") : null,
                        s.hasNonNull("images") ? path(base, "images", Values.scalar(s.get("images"), where + ".images")) : null));
            } catch (ConfigException e) {
                throw new ConfigException(where + "." + e.getMessage(), e);
            }
        }
        return out;
    }

    private static VideoSampling video(JsonNode root) {
        int frames = Values.int32(root, "video_frames", "video_frames", VideoSampling.DEFAULT.frames(), 1,
                VideoSampling.MAX_FRAMES);
        String rule = Values.text(root, "video_sampling", "uniform");
        if (!rule.equals("uniform") && !rule.equals("pyav")) {
            throw new ConfigException("video_sampling must be uniform or pyav, found \"" + rule + "\"");
        }
        return VideoSampling.of(frames, rule);
    }

    private static SyntheticSpec synthetic(JsonNode s) {
        if (s == null || s.isNull()) {
            return null;
        }
        if (!s.isObject()) {
            throw new ConfigException("synthetic must be a mapping of " + SYNTHETIC_KEYS + ", found " + Yaml.shown(s));
        }
        Values.requireKnown("synthetic.", s, SYNTHETIC_KEYS);
        return new SyntheticSpec(Values.integer(s, "vqa", "synthetic.vqa", 300, 0, MAX),
                Values.integer(s, "video", "synthetic.video", 0, 0, MAX),
                Values.integer(s, "seed", "synthetic.seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
                Values.int32(s, "image_size", "synthetic.image_size", 336, 64, 4096));
    }

    private static MediaLimits media(JsonNode m) {
        if (m == null || m.isNull()) {
            return MediaLimits.DEFAULT;
        }
        if (!m.isObject()) {
            throw new ConfigException("media must be a mapping of " + MEDIA_KEYS + ", found " + Yaml.shown(m));
        }
        Values.requireKnown("media.", m, MEDIA_KEYS);
        MediaLimits d = MediaLimits.DEFAULT;
        return new MediaLimits(Values.integer(m, "max_pixels", "media.max_pixels", d.maxPixels(), 1, Long.MAX_VALUE),
                Values.int32(m, "max_frames", "media.max_frames", d.maxFrames(), 1, MAX),
                Values.integer(m, "max_bytes", "media.max_bytes", d.maxBytes(), 1, MAX));
    }

    private static List<MethodGrid> methods(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new ConfigException("methods must be a list of pruner names or {name: ..., <param>: [values]}, found "
                    + Yaml.shown(node));
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
                throw new ConfigException(where + " must be a pruner name or {name: ..., <param>: [values]}, found "
                        + Yaml.shown(m));
            }
            Map<String, List<String>> grid = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("name")) {
                    continue;
                }
                String key = where + "." + f.getKey();
                List<String> values = new ArrayList<>();
                if (f.getValue().isArray()) {
                    for (int j = 0; j < f.getValue().size(); j++) {
                        values.add(Values.scalar(f.getValue().get(j), key + "[" + j + "]"));
                    }
                } else {
                    values.add(Values.scalar(f.getValue(), key));
                }
                grid.put(f.getKey(), values);
            }
            out.add(new MethodGrid(m.get("name").asText(), grid));
        }
        return out;
    }

    private static List<Integer> budgets(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new ConfigException("budgets must be a list of integers, found " + Yaml.shown(node));
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add((int) Values.integer(node.get(i), "budgets[" + i + "]", 1, MAX));
        }
        return out;
    }

    /**
     * A local path, resolved against {@code base}. A URI (s3a://, gs://, hdfs://, file://) is refused: it
     * would resolve to a local folder named after its scheme, and the driver checks and the publishing
     * renames work on a local (or mounted) file system only; see docs/RELIABILITY.md, object stores.
     */
    private static String path(Path base, String key, String value) {
        if (value != null && URI.matcher(value).lookingAt()) {
            throw new ConfigException(key + " must be a local path (on a cluster, a folder mounted at the same path on "
                    + "the driver and every executor), found the URI \"" + value + "\"");
        }
        return value == null ? null : base.resolve(value).normalize().toString();
    }
}
