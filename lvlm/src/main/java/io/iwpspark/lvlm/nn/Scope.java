package io.iwpspark.lvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A short-lived NDManager for the intermediates of one step (a layer, a stage): the inputs are
 * attached to it for its lifetime, the results the caller keeps are moved to the parent, and
 * closing it frees everything else. DJL puts an op's result in its first operand's manager, so
 * inside a scope the first operand is always an input or an intermediate, never a weight.
 */
public final class Scope implements AutoCloseable {
    private final NDManager parent;
    private final NDManager manager;

    private Scope(NDManager parent) {
        this.parent = parent;
        this.manager = parent.newSubManager();
    }

    /** Opens a scope under {@code parent}, temporarily holding {@code inputs}. */
    public static Scope open(NDManager parent, NDArray... inputs) {
        Scope s = new Scope(parent);
        for (NDArray a : inputs) {
            if (a != null) {
                a.tempAttach(s.manager);
            }
        }
        return s;
    }

    public NDManager manager() {
        return manager;
    }

    /** Moves {@code result} to the parent manager so it outlives the scope. */
    public NDArray keep(NDArray result) {
        result.attach(parent);
        return result;
    }

    @Override
    public void close() {
        manager.close();
    }
}
