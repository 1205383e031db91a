package io.iwpspark.lvlm.hook;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.llama.Attention;
import io.iwpspark.lvlm.llama.LlamaLayer;
import io.iwpspark.lvlm.llama.Rope;
import io.iwpspark.lvlm.nn.Rows;

/**
 * Recomputes, for a few query rows, the attention probabilities a layer used: queries from the
 * layer's input, keys from its KV cache (which holds exactly that input's tokens), the causal mask
 * of each row. Cheaper than keeping every layer's full attention map.
 */
final class AttentionProbe {
    private AttentionProbe() {}

    /**
     * Mean over heads of the attention of {@code rows} to the visual block, float32 (R, N).
     *
     * @param input (S, D) the hidden states that entered the layer
     * @param cachedKeys (Hkv, S, d) the layer's rotated keys for the same S tokens
     */
    static NDArray toVisual(NDManager m, LlamaLayer layer, Rope rope, NDArray input, int[] positions,
            NDArray cachedKeys, int[] rows, int visualStart, int visualCount) {
        int s = positions.length;
        if (cachedKeys.getShape().get(1) != s) {
            throw new IllegalStateException("layer cache holds " + cachedKeys.getShape().get(1)
                    + " tokens but its input has " + s);
        }
        int[] rowPositions = new int[rows.length];
        float[] mask = new float[rows.length * s];
        for (int r = 0; r < rows.length; r++) {
            rowPositions[r] = positions[rows[r]];
            for (int j = rows[r] + 1; j < s; j++) {
                mask[r * s + j] = Float.NEGATIVE_INFINITY;
            }
        }
        NDArray h = layer.inputNorm().apply(Rows.take(m, input, rows));
        NDArray q = layer.queries(h, rope.cosSin(m, rowPositions)); // (H, R, d)
        NDArray probs = Attention.probabilities(q, cachedKeys, m.create(mask).reshape(rows.length, s)); // (H, R, S)
        return probs.get(":, :, " + visualStart + ":" + (visualStart + visualCount)).mean(new int[] {0});
    }
}
