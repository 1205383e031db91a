package io.iwpspark.jobs.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.ScoringSettings;
import io.iwpspark.jobs.config.SweepConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scoring choices a run folder's predictions were scored with, kept in {@code <output>/scoring.json}
 * (e.g. {@code {"scoring.mme.parser": "official"}}) and copied beside the trade-off table
 * ({@code tradeoffs/_scoring.json}, a name Spark does not read as data). Predictions already written
 * are never re-scored, so a sweep or aggregate whose choices differ from the recorded ones is refused,
 * naming the key, both values and the file. A folder with predictions but no record was scored before
 * the choice existed: with the defaults.
 */
public final class RunScoring {
    static final String FILE = "scoring.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunScoring() {}

    public static Path file(SweepConfig c) {
        return Path.of(c.output(), FILE);
    }

    /** Before a sweep writes predictions: refuses other choices than recorded, else records these. */
    static void record(SweepConfig c, boolean predictionsExist) {
        Map<String, String> now = c.scoring().asKeys();
        Map<String, String> before = recorded(c, predictionsExist);
        if (before == null) {
            write(file(c), now);
        } else {
            requireSame(before, now, c);
        }
    }

    /** Before aggregating: the config's choices must be those the predictions were scored with. */
    public static void check(SweepConfig c, boolean predictionsExist) {
        Map<String, String> before = recorded(c, predictionsExist);
        if (before != null) {
            requireSame(before, c.scoring().asKeys(), c);
        }
    }

    /** Writes the choices beside a table (the trade-off table's folder). */
    public static void writeBeside(SweepConfig c, Path tableFolder) {
        write(tableFolder.resolve("_" + FILE), c.scoring().asKeys());
    }

    private static Map<String, String> recorded(SweepConfig c, boolean predictionsExist) {
        Path f = file(c);
        if (!Files.exists(f)) {
            return predictionsExist ? ScoringSettings.DEFAULT.asKeys() : null;
        }
        try {
            Map<String, String> m = new TreeMap<>();
            JSON.readTree(f.toFile()).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            return m;
        } catch (IOException e) {
            throw new ConfigException(f + ": expected a JSON object of scoring keys but it cannot be read: " + e.getMessage());
        }
    }

    private static void requireSame(Map<String, String> before, Map<String, String> now, SweepConfig c) {
        for (Map.Entry<String, String> e : now.entrySet()) {
            String was = before.getOrDefault(e.getKey(), ScoringSettings.DEFAULT.asKeys().get(e.getKey()));
            if (!e.getValue().equals(was)) {
                String where = Files.exists(file(c)) ? "recorded in " + file(c)
                        : "written before " + FILE + " existed, so with the default";
                throw new ConfigException(e.getKey() + ": the predictions in " + c.output() + " were scored with " + was
                        + " (" + where + "), found " + e.getValue() + "; use another output folder or " + e.getKey()
                        + "=" + was);
            }
        }
    }

    private static void write(Path f, Map<String, String> keys) {
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new LinkedHashMap<>(keys)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + f, e);
        }
    }
}
