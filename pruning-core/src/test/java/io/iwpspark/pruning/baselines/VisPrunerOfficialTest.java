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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VisPruner against the official {@code encode_images} + {@code CLIPVisionTower.feature_select}
 * (Theia-4869/VisPruner aefa01ad) on 576 CLIP patches. vispruner/selection.txt holds, per case, the patches
 * of the official index mask on tensors both sides draw from SplitMix64 ({@code tools/vispruner_reference.py}).
 * The official tower reads attentions[-2] and hidden_states[-2] of a 3-layer stand-in; here the CLS row of
 * that attention, summed over heads, is {@code clsAttention} and those hidden states without CLS are
 * {@code visionFeatures}.
 */
class VisPrunerOfficialTest {
    static final int N = 576;
    static final int SEQ = N + 1;
    static final int HEADS = 16;
    static final int DIM = 32;
    static final int SELECT_ATTENTION = 1; // attentions[-2] of 3 layers
    static final int SELECT_HIDDEN = 2; // hidden_states[-2] of 4 (embeddings + 3 layers)
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static PruneInputs inputs(long seed) {
        float[] cls = new float[N];
        for (int h = 0; h < HEADS; h++) {
            for (int p = 0; p < N; p++) { // column p + 1: CLS itself is column 0, dropped
                cls[p] += DartOfficialTest.value(100 * seed + SELECT_ATTENTION, (long) h * SEQ + p + 1);
            }
        }
        float[] features = new float[N * DIM];
        for (int p = 0; p < N; p++) {
            for (int c = 0; c < DIM; c++) {
                features[p * DIM + c] = DartOfficialTest.value(100 * seed + 50 + SELECT_HIDDEN, (long) (p + 1) * DIM + c);
            }
        }
        return PruneInputs.builder(N).optClsAttention(manager.create(cls))
                .optVisionFeatures(manager.create(features, new Shape(N, DIM))).build();
    }

    static List<String> cases() throws IOException {
        try (InputStream s = VisPrunerOfficialTest.class.getResourceAsStream("/vispruner/selection.txt")) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
    }

    @Test
    void keepsWhatTheOfficialCodeKeeps() throws IOException {
        List<String> lines = cases();
        assertEquals(14, lines.size(), "cases in vispruner/selection.txt");
        for (String line : lines) {
            String[] part = line.split("\\|");
            String[] c = part[0].trim().split(" ");
            long seed = Long.parseLong(c[0]);
            int budget = Integer.parseInt(c[1]);
            double ratio = Double.parseDouble(c[2]);
            int[] expected = Arrays.stream(part[1].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
            VisPrunerPruner p = new VisPrunerPruner(new VisPrunerPruner.Config(ratio));
            int[] kept = p.select(inputs(seed), p.plan(N, budget, 32).get(0)).kept();
            assertArrayEquals(expected, kept, "case " + part[0].trim());
        }
    }

    @Test
    void theDiverseStageDecidesTheSelection() throws IOException {
        // guards against a vacuous match: with the same budget, the pure-attention top-B differs from the official set
        String line = cases().get(0);
        String[] c = line.split("\\|")[0].trim().split(" ");
        VisPrunerPruner attentionOnly = new VisPrunerPruner(new VisPrunerPruner.Config(1.0));
        int[] top = attentionOnly.select(inputs(Long.parseLong(c[0])), new Stage(0, Integer.parseInt(c[1]))).kept();
        int[] expected = Arrays.stream(line.split("\\|")[1].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        assertEquals(false, Arrays.equals(top, expected), "importantRatio 1 should not reproduce case " + line.split("\\|")[0]);
    }
}
