package io.iwpspark.lvlm.hook;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.Attention;
import io.iwpspark.lvlm.decoder.DecoderLayer;
import io.iwpspark.lvlm.decoder.Positions;
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
    static NDArray toVisual(NDManager m, DecoderLayer layer, NDArray input, Positions positions,
            NDArray cachedKeys, int[] rows, int visualStart, int visualCount) {
        int s = positions.length();
        if (cachedKeys.getShape().get(1) != s) {
            throw new IllegalStateException("layer cache holds " + cachedKeys.getShape().get(1)
                    + " tokens but its input has " + s);
        }
        float[] mask = new float[rows.length * s];
        for (int r = 0; r < rows.length; r++) {
            for (int j = rows[r] + 1; j < s; j++) {
                mask[r * s + j] = Float.NEGATIVE_INFINITY;
            }
        }
        NDArray q = layer.queries(m, Rows.take(m, input, rows), positions.take(rows)); // (H, R, d)
        NDArray probs = Attention.probabilities(q, cachedKeys, m.create(mask).reshape(rows.length, s)); // (H, R, S)
        return probs.get(":, :, " + visualStart + ":" + (visualStart + visualCount)).mean(new int[] {0});
    }
}
