package io.iwpspark.lvlm.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/**
 * The causal masks with and without Mistral's sliding window, against hand-written masks and, element by element,
 * against the rule {@link Attention#sees}.
 */
class AttentionMaskTest {
    private static final float X = Float.NEGATIVE_INFINITY;

    @Test
    void slidingWindowHidesKeysWindowOrMoreBehind() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 3 new tokens after 2 cached, window 3: query i (index 2 + i) sees keys j with 2 + i - 3 < j <= 2 + i.
            float[] mask = Attention.causalMask(m, 3, 2, 3).toFloatArray();
            assertArrayEquals(new float[] {
                0, 0, 0, X, X,
                X, 0, 0, 0, X,
                X, X, 0, 0, 0}, mask);
            assertArrayEquals(new float[] {0, X, 0, 0}, Attention.causalMask(m, 2, 0).toFloatArray());
            assertNull(Attention.causalMask(m, 1, 2, 3), "one token within the window needs no mask");
            assertArrayEquals(new float[] {X, 0, 0, 0}, Attention.causalMask(m, 1, 3, 3).toFloatArray());
        }
    }

    @Test
    void paddedMaskHidesLaterKeysAndPadsAndLetsPadRowsSeeTheFirstKey() {
        try (NDManager m = NDManager.newBaseManager()) {
            // lengths 3 and 1, window 2: sequence 0 row i sees (i - 2, i]; sequence 1's pad rows see key 0 only
            assertArrayEquals(new float[] {
                0, X, X,
                0, 0, X,
                X, 0, 0,
                0, X, X,
                0, X, X,
                0, X, X}, Attention.paddedCausalMask(m, new int[] {3, 1}, 2).toFloatArray());
            assertNull(Attention.paddedCausalMask(m, new int[] {1, 1}, 0), "single tokens need no mask");
        }
    }

    @Test
    void everyMaskEntryFollowsTheOneRule() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int window : new int[] {0, 1, 3, 7}) {
                for (int past : new int[] {0, 2, 9}) {
                    for (int s : new int[] {1, 4, 11}) {
                        var found = Attention.causalMask(m, s, past, window);
                        float[] mask = found == null ? new float[s * (past + s)] : found.toFloatArray();
                        for (int i = 0; i < s; i++) {
                            for (int j = 0; j < past + s; j++) {
                                assertEquals(Attention.sees(past + i, j, window) ? 0f : X, mask[i * (past + s) + j],
                                        "window " + window + ", past " + past + ", row " + i + ", key " + j);
                            }
                        }
                    }
                }
                int[] lengths = {5, 1, 8, 3};
                float[] padded = Attention.paddedCausalMask(m, lengths, window).toFloatArray();
                float[] last = Attention.paddedLastRowMask(m, lengths, window).toFloatArray();
                for (int b = 0; b < lengths.length; b++) {
                    for (int j = 0; j < 8; j++) {
                        assertEquals(padded[(b * 8 + lengths[b] - 1) * 8 + j], last[b * 8 + j],
                                "last row, window " + window + ", sequence " + b + ", key " + j);
                    }
                }
                for (int b = 0; b < lengths.length; b++) {
                    for (int i = 0; i < 8; i++) {
                        for (int j = 0; j < 8; j++) {
                            boolean seen = i < lengths[b] ? Attention.sees(i, j, window) : j == 0;
                            assertEquals(seen ? 0f : X, padded[(b * 8 + i) * 8 + j],
                                    "padded, window " + window + ", sequence " + b + ", row " + i + ", key " + j);
                        }
                    }
                }
            }
        }
    }
}
