package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DivPrune against the official code (vbdi/divprune 799e2d9, DivPrune in LLaVA/llava/model/llava_arch.py)
 * run by tools/bench_baselines.py on (N, 4096) SplitMix tensors, seed 1; and the host path (N up to
 * HostGram.MAX_TOKENS) against the streaming path that video-scale inputs take.
 */
class DivPruneOfficialTest {
    static final int HIDDEN = 4096;
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** (rows, cols) row-major, bit-equal to pruning-bench's SplitMix and tools/bench_baselines.py's splitmix. */
    static float[] splitMix(int rows, int cols, long seed) {
        float[] out = new float[rows * cols];
        for (int k = 0; k < out.length; k++) {
            long z = (k + 1L + (seed << 32)) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            out[k] = (z >>> 40) / 16777216f - 0.5f;
        }
        return out;
    }

    @Test
    void keptIndicesEqualTheOfficialCode() throws IOException {
        String[] lines;
        try (InputStream in = getClass().getResourceAsStream("/divprune/official_splitmix_seed1.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
        }
        assertEquals(4, lines.length, "official_splitmix_seed1.txt lines");
        DivPrunePruner p = new DivPrunePruner(new DivPrunePruner.Config());
        for (String line : lines) {
            String[] head = line.split(":", 2);
            String[] nb = head[0].split("/");
            int n = Integer.parseInt(nb[0]);
            int budget = Integer.parseInt(nb[1]);
            int[] official = Arrays.stream(head[1].strip().split(" ")).mapToInt(Integer::parseInt).toArray();
            PruneInputs in = PruneInputs.builder(n)
                    .optVisualHidden(manager.create(splitMix(n, HIDDEN, 1), new Shape(n, HIDDEN))).build();
            assertArrayEquals(official, p.select(in, new Stage(0, budget)).kept(), "N/B = " + head[0]);
        }
    }

    @Test
    void hostPathEqualsStreamingPath() {
        DivPrunePruner host = new DivPrunePruner(new DivPrunePruner.Config());
        DivPrunePruner streaming = new DivPrunePruner(new DivPrunePruner.Config(), 0);
        for (long seed = 1; seed <= 3; seed++) {
            float[][] x = Fixtures.gaussian(new Random(seed), 300, 64);
            PruneInputs in = PruneInputs.builder(300).optVisualHidden(Fixtures.nd(manager, x)).build();
            for (int budget : new int[] {1, 30, 150}) {
                int[] expected = streaming.select(in, new Stage(0, budget)).kept();
                assertArrayEquals(expected, host.select(in, new Stage(0, budget)).kept(), "seed " + seed + " budget " + budget);
            }
        }
    }
}
