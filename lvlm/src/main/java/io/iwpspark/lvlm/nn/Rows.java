package io.iwpspark.lvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/** Row gathering and concatenation whose results land in a chosen manager, whoever owns the inputs. */
public final class Rows {
    private Rows() {}

    /** Rows {@code rows} of x along axis 0, in {@code target}. */
    public static NDArray take(NDManager target, NDArray x, int[] rows) {
        if (rows.length == 0) {
            long[] dims = x.getShape().getShape().clone();
            dims[0] = 0;
            return target.zeros(new ai.djl.ndarray.types.Shape(dims), x.getDataType());
        }
        return x.get(target, new NDIndex("{}", target.create(rows)));
    }

    /** Rows [from, to) of x along axis 0, in {@code target}; null when the range is empty. */
    public static NDArray range(NDManager target, NDArray x, int from, int to) {
        if (from == to) {
            return null;
        }
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return take(target, x, rows);
    }

    /** Concatenation along axis 0 of the non-null, non-empty parts, in {@code target}. */
    public static NDArray concat(NDManager target, NDArray... parts) {
        NDList list = new NDList();
        for (NDArray p : parts) {
            if (p != null && p.getShape().get(0) > 0) {
                list.add(p);
            }
        }
        NDArray out = list.size() == 1 ? list.get(0).duplicate() : NDArrays.concat(list, 0);
        out.attach(target);
        return out;
    }
}
