package io.iwpspark.lvlm.hook;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.iwp.DualWeightError;
import io.iwpspark.pruning.iwp.Kernel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a stage computes from a sample's shared prefix alone, kept for every configuration of that sample: the
 * visual keys and values of layer l (before or after RoPE) and the dual-weight errors of selections among them.
 * A configuration whose stage at layer l starts from the prefix's hidden states entering l (the same array, not
 * a copy: nothing has run or been pruned since) sees exactly the tokens every other such configuration sees, so
 * the keys, values and the error's full norm (Gram matrix for small N) are computed once per sample instead of
 * once per configuration. Confined to the thread running the sample's generations; closed with the sample.
 */
public final class SharedStageInputs implements AutoCloseable {
    /** The most key elements (G * N * d) an entry keeps; larger layers are computed per configuration. */
    static final long MAX_ELEMENTS = 16L << 20;

    private final NDManager manager;
    private final NDArray[] boundaries; // boundaries[l]: the prefix's (S, D) hidden states entering layer l
    private final Map<Key, Entry> entries = new HashMap<>();
    private final Set<Key> tooLarge = new HashSet<>();

    private record Key(int layer, boolean rotate) {}

    /**
     * @param manager owns what is kept (a sub-manager of the sample's)
     * @param boundaries the prefix's hidden states entering layers 0..depth, compared by identity
     */
    public SharedStageInputs(NDManager manager, NDArray[] boundaries) {
        this.manager = manager;
        this.boundaries = boundaries.clone();
    }

    /** Whether {@code st} at layer {@code l} is still the prefix's sequence (its hidden states are the boundary array). */
    boolean covers(SequenceState st, int l) {
        return l < boundaries.length && st.hidden == boundaries[l];
    }

    /**
     * The entry of layer l's visual rows, computing it on first use with {@code compute} (results in any manager;
     * they are moved here), or null when the keys are too large to keep (found once; then never computed here
     * again). Call only when {@link #covers} holds.
     */
    Entry entry(int l, boolean rotate, KeysValues compute) {
        Key key = new Key(l, rotate);
        Entry e = entries.get(key);
        if (e == null && !tooLarge.contains(key)) {
            NDArray[] kv = compute.get();
            if (kv[0].size() > MAX_ELEMENTS) {
                tooLarge.add(key);
                return null;
            }
            kv[0].attach(manager);
            kv[1].attach(manager);
            e = new Entry(kv);
            entries.put(key, e);
        }
        return e;
    }

    /** Computes a layer's visual keys and values (G, N, d). */
    @FunctionalInterface
    interface KeysValues {
        NDArray[] get();
    }

    /** One layer's shared keys, values and error norms. */
    static final class Entry {
        private final NDArray[] kv; // keys, values (G, N, d), owned by the shared manager
        private DualWeightError exp;
        private DualWeightError linear;

        private Entry(NDArray[] kv) {
            this.kv = kv;
        }

        /**
         * Keys and values for one stage, temporarily held by {@code scope} so that whatever a pruner computes from
         * them is freed with the stage; the dual-weight errors are prepared first when {@code errors} (their
         * arrays must stay here).
         */
        NDArray[] lend(NDManager scope, boolean errors) {
            if (errors && exp == null) {
                exp = DualWeightError.forMany(kv[0], kv[1], Kernel.EXP);
                linear = DualWeightError.forMany(kv[0], kv[1], Kernel.LINEAR);
            }
            kv[0].tempAttach(scope);
            kv[1].tempAttach(scope);
            return kv.clone();
        }

        /** {exp, linear} relative errors of {@code kept}; after {@link #lend} with errors. */
        double[] errors(int[] kept) {
            return new double[] {exp.relative(kept), linear.relative(kept)};
        }
    }

    @Override
    public void close() {
        for (Entry e : entries.values()) {
            if (e.exp != null) {
                e.exp.close();
                e.linear.close();
            }
        }
        entries.clear();
        manager.close();
    }
}
