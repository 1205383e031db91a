package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DART against the official {@code DART.get_retained_image_token} at LLaVA-1.5's positions (576 visual
 * tokens from absolute position 35). dart/selection.txt holds, per case, the tokens the official function
 * kept on tensors both sides draw from SplitMix64 ({@code tools/dart_reference.py}, which runs the official
 * method from a DART checkout on CPU torch).
 */
class DartOfficialTest {
    static final int START = 35;
    static final int N = 576;
    static final int G = 2;
    static final int HEAD_DIM = 8;
    static final int HIDDEN = 16;
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** As tools/dart_reference.py value(): SplitMix64 of seed * 2^32 + index, top 16 bits signed, / 4096. */
    static float value(long seed, long index) {
        long z = (seed << 32) + index + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (float) (((z >>> 48) - 32768) / 4096.0);
    }

    /** (G, rows, d) keys of sequence rows [from, from + rows) of a (1, G, S, d) tensor drawn with seed. */
    static NDArray keys(long seed, int seq, int from, int rows) {
        float[] x = new float[G * rows * HEAD_DIM];
        for (int g = 0; g < G; g++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < HEAD_DIM; c++) {
                    x[(g * rows + r) * HEAD_DIM + c] = value(seed, ((long) g * seq + from + r) * HEAD_DIM + c);
                }
            }
        }
        return manager.create(x, new Shape(G, rows, HEAD_DIM));
    }

    /** (rows, D) hidden states of sequence rows [from, from + rows) of a (1, S, D) tensor drawn with seed. */
    static NDArray hidden(long seed, int from, int rows) {
        float[] x = new float[rows * HIDDEN];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < HIDDEN; c++) {
                x[r * HIDDEN + c] = value(seed, (long) (from + r) * HIDDEN + c);
            }
        }
        return manager.create(x, new Shape(rows, HIDDEN));
    }

    @Test
    void keepsWhatTheOfficialCodeKeeps() throws IOException {
        List<String> lines;
        try (InputStream s = DartOfficialTest.class.getResourceAsStream("/dart/selection.txt")) {
            lines = new String(s.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
        assertEquals(10, lines.size(), "cases in dart/selection.txt");
        for (String line : lines) {
            String[] part = line.split("\\|");
            long[] c = CPythonIntSetTest.longs(part[0]);
            int seed = (int) c[0];
            int t = (int) c[1];
            int pi = (int) c[2];
            int pt = (int) c[3];
            int p = pi + pt;
            int budget = pi + p * (int) (c[4] / p); // what the official code returns for max_num_trunction c[4]
            int seq = START + N + t;
            PruneInputs in = PruneInputs.builder(N).optVisualStart(START)
                    .optKeysValues(keys(2L * seed, seq, START, N), keys(2L * seed, seq, START, N))
                    .optTextKeys(keys(2L * seed, seq, START + N, t))
                    .optVisualHidden(hidden(2L * seed + 1, START, N))
                    .optTextHidden(hidden(2L * seed + 1, START + N, t)).build();
            int[] expected = CPythonIntSetTest.longs(part[1]).length == 0 ? new int[0]
                    : java.util.Arrays.stream(CPythonIntSetTest.longs(part[1])).mapToInt(v -> (int) v).toArray();
            int[] kept = new DartPruner(new DartPruner.Config(2, pi, pt)).select(in, new Stage(2, budget)).kept();
            assertArrayEquals(expected, kept, "case " + part[0].trim());
        }
    }
}
