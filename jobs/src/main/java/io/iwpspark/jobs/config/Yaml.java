package io.iwpspark.jobs.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict YAML reading for configurations: a key given twice in one mapping is refused (naming the key
 * and its line) instead of the last one silently winning, and a syntax error becomes one line naming
 * the file (or the {@code --set} key), line and column, never a parser stack trace.
 */
public final class Yaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    private Yaml() {}

    /** The document of {@code file}; an empty file reads as a missing node (null). */
    public static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("sweep configuration " + file + " does not exist or is not a file");
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new ConfigException(file + ": " + describe(e), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The value of {@code --set key=text}, read as YAML (so 3 is a number and [1, 2] a list). */
    public static JsonNode value(String key, String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            return n == null ? MAPPER.nullNode() : n;
        } catch (JacksonException e) {
            throw new ConfigException("--set " + key + "=" + text + ": the value is not valid YAML: " + describe(e), e);
        }
    }

    /** One line: what the parser found wrong and where. */
    static String describe(JacksonException e) {
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        Matcher dup = DUPLICATE.matcher(original);
        if (dup.find()) {
            return "key \"" + dup.group(1) + "\" is given twice in one mapping (second time" + where + ")";
        }
        // SnakeYAML's messages quote the source under indented lines; keep the unindented sentences.
        List<String> sentences = new ArrayList<>();
        for (String line : original.split("\\R")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                sentences.add(line.strip());
            }
        }
        return "YAML syntax error" + where + ": " + String.join(": ", sentences);
    }

    /** A value as it should appear in an error message: text quoted, anything else as written (JSON). */
    public static String shown(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        String s = n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
