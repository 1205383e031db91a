package io.iwpspark.datasets.scorers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reply corpus and the official scorers' outputs on it (src/test/resources/scorers, written by
 * tools/scorers/run_official.py), and the item-by-item comparison with ours.
 */
final class OfficialCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    final String benchmark;
    final List<JsonNode> cases = new ArrayList<>();
    final JsonNode aggregate;
    private final List<String> mismatches = new ArrayList<>();
    private int compared;

    OfficialCorpus(String benchmark) {
        this.benchmark = benchmark;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(benchmark + ".jsonl"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                cases.add(JSON.readTree(line));
            }
            aggregate = JSON.readTree(open(benchmark + ".aggregate.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("scorers/" + benchmark + ": unreadable test data", e);
        }
        assertTrue(cases.size() >= 150, benchmark + ": expected hundreds of cases but found " + cases.size());
    }

    private static InputStream open(String file) {
        InputStream in = OfficialCorpus.class.getResourceAsStream("/scorers/" + file);
        assertNotNull(in, "test resource scorers/" + file + " (run tools/scorers/run_official.py)");
        return in;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Records one item's comparison; {@code what} names the field compared. */
    void expect(JsonNode c, String what, Object official, Object ours) {
        boolean same = official instanceof Double d && ours instanceof Double o ? Math.abs(d - o) <= 1e-9
                : Objects.equals(official, ours);
        if (!same) {
            mismatches.add(c.get("id").asText() + " reply " + JSON.valueToTree(c.get("reply").asText()) + " " + what
                    + ": official " + official + ", ours " + ours);
        }
    }

    void item() {
        compared++;
    }

    /** Every official aggregate key (renamed by {@code ours}) equals ours within {@code tol}. */
    void expectAggregate(Map<String, Double> mine, java.util.function.UnaryOperator<String> ours, String onlyPrefix,
                         double tol) {
        aggregate.fieldNames().forEachRemaining(k -> {
            if (!k.startsWith(onlyPrefix)) {
                return;
            }
            Double v = mine.get(ours.apply(k));
            assertNotNull(v, benchmark + " aggregate " + ours.apply(k) + ": missing from ours " + mine.keySet());
            assertEquals(aggregate.get(k).asDouble(), v, tol, benchmark + " aggregate " + k);
        });
    }

    /** Fails listing the disagreeing items; prints the agreement count for the record. */
    void assertAgrees() {
        System.out.printf("%s: %d of %d items agree with the official code%n", benchmark, compared - mismatchedItems(),
                compared);
        assertTrue(mismatches.isEmpty(), benchmark + ": " + mismatches.size() + " disagreements, first: "
                + String.join("\n  ", mismatches.subList(0, Math.min(15, mismatches.size()))));
    }

    private long mismatchedItems() {
        return mismatches.stream().map(m -> m.substring(0, m.indexOf(' '))).distinct().count();
    }
}
