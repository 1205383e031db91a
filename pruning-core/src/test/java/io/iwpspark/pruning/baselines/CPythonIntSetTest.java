package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CPythonIntSet} against real CPython: dart/set-order.txt holds random lists with the order in which
 * CPython 3.11 iterates {@code set(list)} and its copy ({@code tools/pyset_order.py}; 3.10, 3.12 and 3.13
 * print the same). {@code -Dpyset.cases=FILE} checks another such file (e.g. 30000 cases).
 */
class CPythonIntSetTest {
    @Test
    void iteratesAsCPython() throws IOException {
        List<String> lines;
        String extra = System.getProperty("pyset.cases");
        if (extra != null) {
            lines = Files.readAllLines(Path.of(extra));
        } else {
            try (InputStream s = CPythonIntSetTest.class.getResourceAsStream("/dart/set-order.txt")) {
                lines = new String(s.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        }
        int cases = 0;
        for (String line : lines) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] part = line.split("\\|");
            long[] items = longs(part[0]);
            CPythonIntSet s = CPythonIntSet.of(items);
            assertArrayEquals(longs(part[1]), s.order(), "list(set(" + Arrays.toString(items) + "))");
            assertArrayEquals(longs(part[2]), s.copy().order(), "list(set(" + Arrays.toString(items) + ").copy())");
            cases++;
        }
        assertTrue(cases >= 200, "expected at least 200 cases, found " + cases);
    }

    @Test
    void llavaPivotPositionsAreNotVisitedAscending() {
        // visual pivots 100, 300, 36, 600 and text pivots 612, 620, 611, 630 (absolute positions)
        // CPython 3.11: list(set([100, 300, 36, 600, 612, 620, 611, 630]))
        assertArrayEquals(new long[] {611, 612, 100, 36, 300, 620, 630, 600},
                CPythonIntSet.of(100, 300, 36, 600, 612, 620, 611, 630).order());
    }

    @Test
    void dartVisitsPivotRowsInThatOrder() {
        // the same positions as rows: visual pivots 65, 265, 1, 565 and text pivots 1, 9, 0, 19 after 576 visual
        // tokens from position 35; 611 is text pivot 0 (row 4 + 2), 612 text pivot 1 (row 4 + 0), ...
        assertArrayEquals(new int[] {6, 4, 0, 2, 1, 5, 7, 3},
                DartPivotOrder.official(35, 576, new int[] {65, 265, 1, 565}, new int[] {1, 9, 0, 19}));
    }

    static long[] longs(String text) {
        String t = text.trim();
        return t.isEmpty() ? new long[0] : Arrays.stream(t.split("\\s+")).mapToLong(Long::parseLong).toArray();
    }
}
