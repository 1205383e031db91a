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

    /**
     * Mean over heads of the attention the last token of {@code input} pays each visual token, computed with
     * {@code layer}'s own input norm, projections and RoPE on the states entering it, float32 (N): PyramidDrop's
     * ranking (LlamaModel.pdrop_rank_drop, Cooperx521/PyramidDrop llava/model/modeling_llama_pdrop.py).
     *
     * @param input (S, D) the hidden states entering the layer, the whole current sequence
     * @param positions (S) their position ids, as the layer will rotate them
     */
    static NDArray lastTokenAtStage(NDManager m, DecoderLayer layer, NDArray input, Positions positions,
            int visualStart, int visualCount) {
        int s = positions.length();
        if (input.getShape().get(0) != s) {
            throw new IllegalStateException("hidden states hold " + input.getShape().get(0) + " tokens but positions "
                    + s);
        }
        NDArray keys = layer.keysValues(m, input, positions, true)[0]; // (Hkv, S, d), rotated as attention uses them
        int[] last = {s - 1};
        NDArray q = layer.queries(m, Rows.take(m, input, last), positions.take(last)); // (H, 1, d)
        // The last token's causal row sees every key of the sequence: softmax over all S, no mask.
        NDArray probs = Attention.probabilities(q, keys, null); // (H, 1, S)
        return probs.get(":, 0, " + visualStart + ":" + (visualStart + visualCount)).mean(new int[] {0});
    }
}
