package io.iwpspark.lvlm.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys (after RoPE) and values of every decoder layer, each layer with its own length: after a
 * pruning stage at layer l, layers below l hold every token and layers from l on only the kept ones.
 * A cache may start from a shared prefix's arrays; it never closes or changes those.
 */
public final class KvCache {
    private final NDManager manager;
    private final NDArray[] keys; // per layer: (Hkv, S_l, d), or null before the layer has run
    private final NDArray[] values; // per layer: (Hkv, S_l, d)
    private final boolean[] owned; // false for arrays shared with a prefix

    public KvCache(NDManager manager, int layers) {
        this.manager = manager;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.owned = new boolean[layers];
    }

    /** A cache in {@code manager} that starts from {@code prefix}'s layers below {@code layers}, shared. */
    public static KvCache sharing(NDManager manager, KvCache prefix, int layers) {
        KvCache c = new KvCache(manager, prefix.keys.length);
        for (int l = 0; l < layers; l++) {
            if (prefix.keys[l] == null) {
                throw new IllegalStateException("prefix cache has no layer " + l);
            }
            c.keys[l] = prefix.keys[l];
            c.values[l] = prefix.values[l];
        }
        return c;
    }

    /** Appends k, v (Hkv, S, d) to layer l; returns the layer's full keys and values. */
    public NDArray[] append(int layer, NDArray k, NDArray v) {
        NDArray fullK = keys[layer] == null ? k : keys[layer].concat(k, 1);
        NDArray fullV = values[layer] == null ? v : values[layer].concat(v, 1);
        fullK.attach(manager);
        fullV.attach(manager);
        if (owned[layer] && keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = fullK;
        values[layer] = fullV;
        owned[layer] = true;
        return new NDArray[] {fullK, fullV};
    }

    /** Keys (Hkv, S_l, d) of layer l, or null before it has run. */
    public NDArray keys(int layer) {
        return keys[layer];
    }

    /** Values (Hkv, S_l, d) of layer l, or null before it has run. */
    public NDArray values(int layer) {
        return values[layer];
    }

    public int layers() {
        return keys.length;
    }

    /** Tokens cached at a layer (0 before it has run). */
    public int length(int layer) {
        return keys[layer] == null ? 0 : (int) keys[layer].getShape().get(1);
    }

    /** Bytes held by keys and values over all layers. */
    public long bytes() {
        long total = 0;
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                total += 2L * keys[l].size() * keys[l].getDataType().getNumOfBytes();
            }
        }
        return total;
    }
}
