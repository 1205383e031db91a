package io.iwpspark.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Argument checks on NDArrays, with messages that name the field and say expected vs found. */
public final class Tensors {
    private Tensors() {}

    /**
     * Checks rank and the given dimensions ({@code -1} = any); a null array passes (absent field).
     */
    public static void requireShape(String name, NDArray array, long... dims) {
        if (array == null) {
            return;
        }
        Shape shape = array.getShape();
        boolean ok = shape.dimension() == dims.length;
        for (int i = 0; ok && i < dims.length; i++) {
            ok = dims[i] < 0 || shape.get(i) == dims[i];
        }
        if (!ok) {
            StringBuilder expected = new StringBuilder("(");
            for (int i = 0; i < dims.length; i++) {
                expected.append(i == 0 ? "" : ", ").append(dims[i] < 0 ? "*" : String.valueOf(dims[i]));
            }
            throw new IllegalArgumentException(
                    name + " must have shape " + expected + "), found " + shape);
        }
    }

    /** Throws if any element is NaN or infinite, naming the field and the first bad flat index. */
    public static void requireFinite(String name, NDArray array) {
        if (array == null) {
            return;
        }
        try (NDManager tmp = array.getManager().newSubManager()) {
            tmp.tempAttachAll(array); // the temporaries below are freed with tmp
            // Fast path, one pass: NaN and Inf propagate into the sum; only a non-finite sum (a bad
            // element, or finite values overflowing float) needs the element-wise search.
            if (Float.isFinite(array.toType(DataType.FLOAT32, false).sum().getFloat())) {
                return;
            }
            NDArray bad = array.isNaN().logicalOr(array.isInfinite());
            if (bad.any().getBoolean()) {
                long index = bad.flatten().toType(DataType.INT32, false).argMax().getLong();
                throw new IllegalArgumentException(name + " must be finite, found "
                        + array.flatten().getFloat(index) + " at flat index " + index + " of shape " + array.getShape());
            }
        }
    }

    /** Checks 0 < budget <= n, naming the parameter. */
    public static void requireBudget(int budget, int n) {
        if (budget <= 0 || budget > n) {
            throw new IllegalArgumentException("budget must be in [1, " + n + "] (the visual tokens), found " + budget);
        }
    }
}
