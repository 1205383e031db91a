package io.iwpspark.lvlm.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The causal mask with and without Mistral's sliding window, against hand-written masks. */
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
}
