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
        return softmax(grouped.matMul(k.transpose(0, 2, 1)).reshape(h, s, t), d, mask); // (H, S, T)
    }

    /** Float32 softmax over the last axis of scores q.k scaled by 1 / sqrt(d), the additive mask added (if any). */
    private static NDArray softmax(NDArray scores, long d, NDArray mask) {
        if (scores.getDataType() != DataType.FLOAT32) {
            scores = scores.toType(DataType.FLOAT32, false);
        }
        scores = scores.muli(1.0 / Math.sqrt(d));
        if (mask != null) {
            scores = scores.addi(mask);
        }
        return scores.softmax(-1);
    }

    /** Probabilities in the values' type, for their product with the values. */
    private static NDArray like(NDArray probs, NDArray v) {
        return probs.getDataType() == v.getDataType() ? probs : probs.toType(v.getDataType(), false);
    }

    /** Output (H, S, d) of probabilities (H, S, T) over values (Hkv, T, d). */
    public static NDArray output(NDArray probs, NDArray v) {
        long h = probs.getShape().get(0);
        long s = probs.getShape().get(1);
        long t = probs.getShape().get(2);
        long hkv = v.getShape().get(0);
        return like(probs, v).reshape(hkv, (h / hkv) * s, t).matMul(v).reshape(h, s, v.getShape().get(2));
    }

    /**
     * Attention output (..., S, d) of queries over keys and values sharing leading (batch) axes, which
     * broadcast (a group's keys, axis of size 1, serve its rep query heads): the same products, scaling,
     * float32 softmax and cast as {@link #probabilities} and {@link #output}, for many sequences at once.
     *
     * @param q (..., S, d) queries
     * @param k (..., T, d) keys
     * @param v (..., T, d) values
     * @param mask additive float32 mask broadcasting to (..., S, T), 0 or -inf, every row with a 0; or null
     */
    public static NDArray batched(NDArray q, NDArray k, NDArray v, NDArray mask) {
        int n = k.getShape().dimension();
        long d = q.getShape().get(q.getShape().dimension() - 1);
        NDArray probs = softmax(q.matMul(k.swapAxes(n - 2, n - 1)), d, mask); // (..., S, T)
        return like(probs, v).matMul(v);
    }

    /**
     * The causal masks (B, Smax, Smax) of B sequences of {@code lengths} tokens, each with an empty cache,
     * padded to Smax: row i of sequence b sees keys j <= i (within a sliding window w > 0: i - j < w), as
     * {@link #causalMask}; pad keys never; a pad row (i >= its length) sees key 0 only, so it has a finite
     * softmax and is dropped afterwards. Null when nothing is masked (every sequence one token long).
     */
    public static NDArray paddedCausalMask(NDManager m, int[] lengths, int window) {
        int smax = 0;
        for (int s : lengths) {
            smax = Math.max(smax, s);
        }
        float[] mask = new float[lengths.length * smax * smax];
        boolean any = false;
        for (int b = 0; b < lengths.length; b++) {
            for (int i = 0; i < smax; i++) {
                // a real row sees the keys [firstSeen, i]; a pad row its sequence's first key only
                int from = i < lengths[b] ? firstSeen(i, window) : 0;
                int to = i < lengths[b] ? i : 0;
                any |= maskOutside(mask, (b * smax + i) * smax, smax, from, to);
            }
        }
        return any ? m.create(mask, new ai.djl.ndarray.types.Shape(lengths.length, smax, smax)) : null;
    }

    /**
     * The masks (B, 1, Smax) of the last token of each of B sequences of {@code lengths} tokens, empty caches,
     * keys padded to Smax: row b is row lengths[b] - 1 of {@link #paddedCausalMask}. Null when nothing is masked.
     */
    public static NDArray paddedLastRowMask(NDManager m, int[] lengths, int window) {
        int smax = 0;
        for (int s : lengths) {
            smax = Math.max(smax, s);
        }
        float[] mask = new float[lengths.length * smax];
        boolean any = false;
        for (int b = 0; b < lengths.length; b++) {
            int i = lengths[b] - 1;
            any |= maskOutside(mask, b * smax, smax, firstSeen(i, window), i);
        }
        return any ? m.create(mask, new ai.djl.ndarray.types.Shape(lengths.length, 1, smax)) : null;
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
            maskOutside(mask, i * total, total, firstSeen(past + i, window), past + i);
        }
        return m.create(mask).reshape(newTokens, total);
    }

    /**
     * Whether the token at cache index {@code query} attends the key at cache index {@code key}: not a later
     * one and, under a sliding window w > 0, fewer than w back (transformers' rule); the one rule of every mask here.
     */
    public static boolean sees(int query, int key, int window) {
        return key <= query && key >= firstSeen(query, window);
    }

    /** The earliest cache index the token at {@code query} sees: it sees exactly [firstSeen, query] ({@link #sees}). */
    static int firstSeen(int query, int window) {
        return window <= 0 ? 0 : Math.max(0, query - window + 1);
    }

    /** -inf in row[at, at + width) outside the columns [from, to]; whether any was set. */
    private static boolean maskOutside(float[] mask, int at, int width, int from, int to) {
        java.util.Arrays.fill(mask, at, at + from, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(mask, at + to + 1, at + width, Float.NEGATIVE_INFINITY);
        return from > 0 || to + 1 < width;
    }

    /** The plain causal mask (no window). */
    public static NDArray causalMask(NDManager m, int newTokens, int past) {
        return causalMask(m, newTokens, past, 0);
    }
}
