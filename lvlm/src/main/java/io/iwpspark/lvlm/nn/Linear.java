package io.iwpspark.lvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;

/**
 * y = x W^T + b, for x (..., in).
 *
 * @param weightT (in, out) the transposed weight, a view made once at load time
 * @param bias (out) or null
 */
public record Linear(NDArray weightT, NDArray bias) {

    public static Linear load(Checkpoint ckpt, NDManager m, DataType dtype, String name, int in, int out, boolean bias)
            throws CheckpointException {
        NDArray w = ckpt.load(m, dtype, name + ".weight", out, in);
        NDArray b = bias ? ckpt.load(m, dtype, name + ".bias", out) : null;
        return new Linear(w.transpose(), b);
    }

    /** x (..., in) -> (..., out); the result lives in x's manager. */
    public NDArray apply(NDArray x) {
        NDArray y = x.matMul(weightT);
        return bias == null ? y : y.addi(bias);
    }

    public long in() {
        return weightT.getShape().get(0);
    }

    public long out() {
        return weightT.getShape().get(1);
    }
}
