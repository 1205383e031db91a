package io.iwpspark.lvlm.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/** Scaled dot-product attention with grouped-query heads and an optional additive mask. */
public final class Attention {
    private Attention() {}

    /**
     * Attention probabilities, float32, (H, S, T). Query head h reads key/value head h / (H / Hkv):
     * the queries of one group are stacked so a group multiplies its keys once, without copying them.
     *
     * @param q (H, S, d) queries
     * @param k (Hkv, T, d) keys
     * @param mask (S, T) additive float32 mask (0 or -inf), or null for none
     */
    public static NDArray probabilities(NDArray q, NDArray k, NDArray mask) {
        long h = q.getShape().get(0);
        long s = q.getShape().get(1);
        long d = q.getShape().get(2);
        long hkv = k.getShape().get(0);
        long t = k.getShape().get(1);
        NDArray grouped = q.reshape(hkv, (h / hkv) * s, d); // (Hkv, rep * S, d)
        NDArray scores = grouped.matMul(k.transpose(0, 2, 1)).reshape(h, s, t); // (H, S, T)
        if (scores.getDataType() != DataType.FLOAT32) {
            scores = scores.toType(DataType.FLOAT32, false);
        }
        scores = scores.muli(1.0 / Math.sqrt(d));
        if (mask != null) {
            scores = scores.addi(mask);
        }
        return scores.softmax(-1);
    }

    /** Output (H, S, d) of probabilities (H, S, T) over values (Hkv, T, d). */
    public static NDArray output(NDArray probs, NDArray v) {
        long h = probs.getShape().get(0);
        long s = probs.getShape().get(1);
        long t = probs.getShape().get(2);
        long hkv = v.getShape().get(0);
        NDArray p = probs.getDataType() == v.getDataType() ? probs : probs.toType(v.getDataType(), false);
        return p.reshape(hkv, (h / hkv) * s, t).matMul(v).reshape(h, s, v.getShape().get(2));
    }

    /**
     * The causal mask (S, T) of S new tokens after {@code past} cached ones: row i sees keys j with
     * j <= past + i and, under a sliding window w > 0, past + i - j < w (transformers' rule, over
     * cache indices); null when nothing is masked (a single new token within the window).
     */
    public static NDArray causalMask(NDManager m, int newTokens, int past, int window) {
        int total = past + newTokens;
        if (newTokens == 1 && (window == 0 || total <= window)) {
            return null;
        }
        float[] mask = new float[newTokens * total];
        for (int i = 0; i < newTokens; i++) {
            for (int j = 0; j < total; j++) {
                boolean future = j > past + i;
                boolean outside = window > 0 && past + i - j >= window;
                if (future || outside) {
                    mask[i * total + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return m.create(mask).reshape(newTokens, total);
    }

    /** The plain causal mask (no window). */
    public static NDArray causalMask(NDManager m, int newTokens, int past) {
        return causalMask(m, newTokens, past, 0);
    }
}
