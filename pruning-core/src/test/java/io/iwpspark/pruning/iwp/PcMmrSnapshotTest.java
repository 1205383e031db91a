package io.iwpspark.pruning.iwp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PC-MMR selects, index for index and in the same admission order, what the implementation before
 * the host-gathered blocks selected (src/test/resources/pcmmr/selections.txt, recorded by
 * {@link PcMmrSnapshot#main} at commit 0e8f1fa): both kernels, i.i.d. and clustered tokens (where
 * the guard skips candidates), two lambdas and schedules, three N / B, eager and lazy updates.
 */
class PcMmrSnapshotTest {
    @Test
    void selectionsEqualThoseRecordedBeforeTheSpeedUp() throws IOException {
        Map<String, int[]> recorded = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/pcmmr/selections.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.split(": ");
                recorded.put(parts[0], Arrays.stream(parts[1].trim().split(" ")).mapToInt(Integer::parseInt).toArray());
            }
        }
        List<PcMmrSnapshot.Case> cases = PcMmrSnapshot.cases();
        assertEquals(cases.size(), recorded.size(), "cases in selections.txt");
        try (NDManager m = NDManager.newBaseManager()) {
            for (PcMmrSnapshot.Case c : cases) {
                int[] expected = recorded.get(c.name());
                assertArrayEquals(expected, c.select(m), c.name());
            }
        }
    }
}
