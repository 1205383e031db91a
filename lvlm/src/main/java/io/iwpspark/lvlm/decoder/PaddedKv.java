package io.iwpspark.lvlm.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The KV caches of B sequences decoding together, each layer padded to one length T_l, so one decoding
 * step attends all B sequences with a handful of native calls instead of a dozen per sequence. Row b holds
 * sequence b's cached keys in its first slots, pads after them, then the keys of the steps decoded since;
 * pads stay in the middle: positions are already rotated into the keys, and {@link #stepMasks} hides pads.
 * A pad slot holds a copy of a real key (finite), so masked scores are -inf and never NaN.
 * Built once from the per-sequence {@link KvCache}s, which it leaves unchanged.
 */
public final class PaddedKv implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys; // per layer: (B, Hkv, T_l, d)
    private final NDArray[] values; // per layer: (B, Hkv, T_l, d)
    private final int[] padded; // (L) slots T0_l each sequence's prefilled keys were padded to
    private final int[] appended; // (L) decoded tokens appended since, one slot each after the padded ones
    private int[][] prefilled; // (B, L) real tokens each sequence had cached at each layer when built

    private PaddedKv(NDManager manager, int layers, int rows) {
        this.manager = manager;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.padded = new int[layers];
        this.appended = new int[layers];
        this.prefilled = new int[rows][layers];
    }

    /**
     * The caches of B sequences, every layer filled, in {@code parent}'s new sub-manager: per layer one
     * concatenation of all caches (and one of their values), one gather into (B, T_l) slots, a reshape.
     */
    public static PaddedKv of(NDManager parent, List<KvCache> caches) {
        int b = caches.size();
        int layers = caches.get(0).layers();
        PaddedKv p = new PaddedKv(parent.newSubManager(), layers, b);
        for (int l = 0; l < layers; l++) {
            int t = 0;
            NDList ks = new NDList(b);
            NDList vs = new NDList(b);
            for (int i = 0; i < b; i++) {
                KvCache c = caches.get(i);
                int s = c.length(l);
                if (s == 0) {
                    throw new IllegalStateException("sequence " + i + " has no cached keys at layer " + l
                            + ": decoding needs every layer prefilled");
                }
                p.prefilled[i][l] = s;
                t = Math.max(t, s);
                ks.add(c.keys(l));
                vs.add(c.values(l));
            }
            int[] gather = new int[b * t]; // (B * T_l) row of the concatenation each slot copies
            p.padded[l] = t;
            int offset = 0;
            for (int i = 0; i < b; i++) {
                int s = p.prefilled[i][l];
                for (int j = 0; j < t; j++) {
                    gather[i * t + j] = offset + (j < s ? j : 0); // a pad copies the sequence's first key
                }
                offset += s;
            }
            NDArray index = p.manager.create(gather);
            p.keys[l] = pad(ks, index, b, t);
            p.values[l] = pad(vs, index, b, t);
            index.close();
        }
        return p;
    }

    /** (Hkv, S_i, d) parts -> (B, Hkv, T, d) in {@code index}'s manager: concatenated along the tokens, gathered into slots. */
    private static NDArray pad(NDList parts, NDArray index, int b, int t) {
        NDManager into = index.getManager();
        NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1); // (Hkv, sum S_i, d)
        try (NDManager scratch = into.newSubManager()) {
            if (all != parts.get(0)) {
                all.attach(scratch); // a new array, left in the first cache's manager by the engine
            }
            NDArray slotted = all.get(scratch, new NDIndex(":, {}", index)); // (Hkv, B * T, d)
            Shape s = slotted.getShape();
            NDArray out = slotted.reshape(s.get(0), b, t, s.get(2)).transpose(1, 0, 2, 3);
            out.attach(into);
            return out;
        }
    }

    /** B, the sequences. */
    public int size() {
        return prefilled.length;
    }

    /** Real tokens sequence {@code row} has cached at {@code layer} (pads not counted). */
    public int length(int row, int layer) {
        return prefilled[row][layer] + appended[layer];
    }

    /** Slots T_l at {@code layer}, pads included. */
    public int slots(int layer) {
        return padded[layer] + appended[layer];
    }

    /** The cache index slot {@code j} of sequence {@code row} holds at {@code layer}, -1 for a pad. */
    private int slot(int layer, int row, int j) {
        int s = prefilled[row][layer];
        if (j < padded[layer]) {
            return j < s ? j : -1;
        }
        return s + j - padded[layer]; // the decoded tokens follow the prefilled ones
    }

    /**
     * Appends one decoded token per sequence to layer {@code layer}; returns the layer's keys and values,
     * each (B, Hkv, T_l + 1, d).
     *
     * @param k (B, Hkv, 1, d) the new keys (rotated)
     * @param v (B, Hkv, 1, d) the new values
     */
    public NDArray[] append(int layer, NDArray k, NDArray v) {
        NDArray fullK = keys[layer].concat(k, 2);
        NDArray fullV = values[layer].concat(v, 2);
        fullK.attach(manager);
        fullV.attach(manager);
        keys[layer].close();
        values[layer].close();
        keys[layer] = fullK;
        values[layer] = fullV;
        appended[layer]++;
        return new NDArray[] {fullK, fullV};
    }

    /**
     * The additive masks (B, 1, 1, T_l + 1), float32 0 or -inf, of the next decoding step at every layer, in
     * {@code m}: the new token (cache index n = its sequence's length) sees its real cached keys j and itself,
     * and under a sliding window w > 0 only those with n - j < w ({@link Attention#causalMask}'s rule); pads
     * never. A layer gets null when it masks nothing; layers with the same slots share one array.
     */
    public NDArray[] stepMasks(NDManager m, int window) {
        NDArray[] out = new NDArray[keys.length];
        float[] previous = null;
        for (int l = 0; l < keys.length; l++) {
            int t = slots(l) + 1;
            int b = size();
            float[] mask = new float[b * t];
            boolean any = false;
            for (int i = 0; i < b; i++) {
                int now = length(i, l); // the new token's cache index
                for (int j = 0; j < t; j++) {
                    int at = j < t - 1 ? slot(l, i, j) : now;
                    if (at < 0 || !Attention.sees(now, at, window)) {
                        mask[i * t + j] = Float.NEGATIVE_INFINITY;
                        any = true;
                    }
                }
            }
            if (!any) {
                continue;
            }
            out[l] = l > 0 && Arrays.equals(mask, previous) ? out[l - 1]
                    : m.create(mask, new Shape(b, 1, 1, t));
            previous = mask;
        }
        return out;
    }

    /** Keeps only sequences {@code rows} (increasing row indices), in that order: one gather per layer's keys and values. */
    public void retain(int[] rows) {
        NDArray index = manager.create(rows);
        NDIndex take = new NDIndex("{}", index);
        int[][] kept = new int[rows.length][];
        for (int l = 0; l < keys.length; l++) {
            NDArray k = keys[l].get(manager, take);
            NDArray v = values[l].get(manager, take);
            keys[l].close();
            values[l].close();
            keys[l] = k;
            values[l] = v;
        }
        for (int j = 0; j < rows.length; j++) {
            kept[j] = prefilled[rows[j]];
        }
        index.close();
        prefilled = kept;
    }

    @Override
    public void close() {
        manager.close();
    }
}
