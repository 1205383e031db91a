package io.iwpspark.lvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;

/**
 * y = x W^T + b, for x (..., in), as one native call (torch's linear, as transformers' nn.Linear runs
 * it: the bias enters the product instead of a second pass over y).
 *
 * @param weight (out, in), as stored
 * @param bias (out) or null
 */
public record Linear(NDArray weight, NDArray bias) {

    public static Linear load(Checkpoint ckpt, NDManager m, DataType dtype, String name, int in, int out, boolean bias)
            throws CheckpointException {
        NDArray w = ckpt.load(m, dtype, name + ".weight", out, in);
        NDArray b = bias ? ckpt.load(m, dtype, name + ".bias", out) : null;
        return new Linear(w, b);
    }

    /**
     * Several projections of the same input as one: their weights stacked along the output axis at load,
     * so one matrix product replaces one per projection; output columns follow {@code names}' order.
     *
     * @param outs each projection's output size
     */
    public static Linear fused(Checkpoint ckpt, NDManager m, DataType dtype, String[] names, int in, int[] outs,
            boolean bias) throws CheckpointException {
        NDList w = new NDList();
        NDList b = new NDList();
        for (int i = 0; i < names.length; i++) {
            w.add(ckpt.load(m, dtype, names[i] + ".weight", outs[i], in));
            if (bias) {
                b.add(ckpt.load(m, dtype, names[i] + ".bias", outs[i]));
            }
        }
        NDArray weight = NDArrays.concat(w, 0); // (sum outs, in)
        NDArray biases = bias ? NDArrays.concat(b, 0) : null;
        w.close();
        b.close();
        return new Linear(weight, biases);
    }

    /** Output columns [from, to) as a projection of its own: views of this one's weight and bias. */
    public Linear columns(long from, long to) {
        String rows = from + ":" + to;
        return new Linear(weight.get(rows), bias == null ? null : bias.get(rows));
    }

    /** x (..., in) -> (..., out); the result lives in x's manager. */
    public NDArray apply(NDArray x) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }

    public long in() {
        return weight.getShape().get(1);
    }

    public long out() {
        return weight.getShape().get(0);
    }
}
