package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The temporaries of one {@code select} call. The inputs are temporarily attached to a sub-manager of
 * their own manager, so every array an operation creates from them lives in the sub-manager and dies
 * when it closes; the inputs go back to their owners then. {@link #keep} moves a result (merged tokens)
 * to the owner of a given input so that it outlives the scratch space.
 */
final class Scratch implements AutoCloseable {
    private final NDManager sub;
    private final Map<NDArray, NDManager> owners = new IdentityHashMap<>();

    private Scratch(NDManager sub) {
        this.sub = sub;
    }

    /** Opens a sub-manager of the first non-null array's manager and temp-attaches every non-null array. */
    static Scratch over(NDArray... arrays) {
        NDManager parent = null;
        for (NDArray a : arrays) {
            if (a != null) {
                parent = a.getManager();
                break;
            }
        }
        if (parent == null) {
            throw new IllegalArgumentException("scratch space needs at least one input array, found none");
        }
        Scratch s = new Scratch(parent.newSubManager());
        for (NDArray a : arrays) {
            if (a != null && !s.owners.containsKey(a)) {
                s.owners.put(a, a.getManager());
                a.tempAttach(s.sub);
            }
        }
        return s;
    }

    NDManager manager() {
        return sub;
    }

    /** Attaches {@code result} to the manager that owned {@code input} before the scratch space opened. */
    NDArray keep(NDArray result, NDArray input) {
        NDManager owner = owners.get(input);
        if (owner == null) {
            throw new IllegalArgumentException("keep: the input array was not attached to this scratch space");
        }
        result.attach(owner);
        return result;
    }

    @Override
    public void close() {
        sub.close();
    }
}
