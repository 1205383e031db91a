package io.iwpspark.lvlm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;

/**
 * What a layer step builds from its inputs alone, not from the layer (RoPE's cos / sin rows, the causal masks),
 * kept from one layer to the next on one thread: a forward's layers see the same positions and, in a prefill,
 * the same lengths, so a forward builds these once instead of once per layer (one host-built mask copied to
 * the device per forward, not per layer). An entry lives in the manager the step returns into, which outlives
 * the forward's layers; a step with other inputs, or another manager, closes it and builds its own, so at most
 * one entry of each kind is held per thread. Not thread-safe: one per thread ({@link ThreadLocal}).
 */
final class LayerTables {
    private final Entry rope = new Entry();
    private final Entry masks = new Entry();

    /** The cos / sin rows of {@code key}'s positions, built into {@code target} by {@code build} unless kept. */
    NDArray[] rope(NDManager target, Object key, Function<NDManager, NDArray[]> build) {
        return rope.get(target, key, build);
    }

    /** The masks of {@code key}'s lengths (entries may be null: nothing masked), built unless kept. */
    NDArray[] masks(NDManager target, Object key, Function<NDManager, NDArray[]> build) {
        return masks.get(target, key, build);
    }

    /** One kept result: its manager (compared by identity), its key (by equals) and its arrays. */
    private static final class Entry {
        private NDManager owner;
        private Object key;
        private NDArray[] arrays;

        NDArray[] get(NDManager target, Object wanted, Function<NDManager, NDArray[]> build) {
            if (owner == target && key.equals(wanted) && alive()) {
                return arrays;
            }
            release();
            NDArray[] built = build.apply(target);
            owner = target;
            key = wanted;
            arrays = built;
            return built;
        }

        /** False once the manager they live in was closed. */
        private boolean alive() {
            for (NDArray a : arrays) {
                if (a != null && a.isReleased()) {
                    return false;
                }
            }
            return true;
        }

        private void release() {
            if (arrays != null) {
                for (NDArray a : arrays) {
                    if (a != null && !a.isReleased()) {
                        a.close();
                    }
                }
            }
            owner = null;
            key = null;
            arrays = null;
        }
    }
}
