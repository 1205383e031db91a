package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.iwpspark.pruning.DecodeRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DyCoke's decode-time KV selection against the official PrunableDynamicCache.dycoke_pruning + update_cache:
 * dycoke/kv.txt holds, per case and decoding step, the span entries the official cache keeps (or "-" for the
 * whole cache) on attention rows both sides draw from SplitMix64 ({@code tools/dycoke_reference.py}).
 */
class DyCokeKvOfficialTest {
    /** As tools/dycoke_reference.py attention(): base row + noise, x 8 every third step, else x 1/8. */
    static float[] attention(int seed, int step, int n, int visual) {
        double scale = step % 3 == 0 ? 8.0 : 0.125;
        float[] a = new float[visual];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (DartOfficialTest.value(2L * seed, i) + 8.0
                    + DartOfficialTest.value(2L * seed + 1, step * 100000L + i) * scale);
        }
        return a;
    }

    @Test
    void keepsWhatTheOfficialCacheKeepsAtEveryStep() throws IOException {
        List<String> lines;
        try (InputStream s = DyCokeKvOfficialTest.class.getResourceAsStream("/dycoke/kv.txt")) {
            lines = new String(s.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
        assertEquals(4, lines.size(), "cases in dycoke/kv.txt");
        int reselected = 0;
        int whole = 0;
        for (String line : lines) {
            String[] part = line.split("\\|");
            String[] c = part[0].trim().split(" ");
            int seed = Integer.parseInt(c[0]);
            int n = Integer.parseInt(c[1]);
            double p = Double.parseDouble(c[2]);
            String[] steps = part[1].trim().split(" ");
            assertEquals(Integer.parseInt(c[3]), steps.length, "steps of case " + seed);
            // One token per frame: no trailing tokens, so the span is every visual entry but the last.
            int visual = n + 1;
            DecodeRule.Steps rule = new DyCokeKv(3, p, 1).start(visual, visual);
            for (int s = 0; s < steps.length; s++) {
                String where = "case " + seed + " step " + s;
                int[] kept = rule.select(attention(seed, s, n, visual));
                if (steps[s].equals("-")) {
                    assertNull(kept, where + ": the official step attends the whole cache");
                    whole++;
                    continue;
                }
                int[] span = Arrays.stream(steps[s].split(",")).mapToInt(Integer::parseInt).toArray();
                int[] expected = Arrays.copyOf(span, span.length + 1);
                expected[span.length] = n; // the entry after the span is always attended
                assertArrayEquals(expected, kept, where);
                reselected++;
            }
        }
        assertEquals(33, reselected + whole);
        assertEquals(true, reselected > 0 && whole > 0, "both branches of the 0.9 gate are exercised");
    }
}
