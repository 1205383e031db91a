package io.iwpspark.lvlm.anyres;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.nn.Rows;

/** Applies a {@link Packing} order to per-token rows (features, projections, keys, attention). */
public final class PackedRows {
    private PackedRows() {}

    /**
     * @param rows (M, C) one row per tower token, crop by crop as {@link Packing} numbers them
     * @param newline (C) the row written at each {@link Packing#NEWLINE}, or null for zeros
     * @return (order.length, C) in {@code target}
     */
    public static NDArray gather(NDManager target, NDArray rows, NDArray newline, int[] order) {
        long m = rows.getShape().get(0);
        long c = rows.getShape().get(1);
        // Made in the rows' manager (an op's result lands in its first operand's, and newline may be a weight).
        NDArray extra = rows.getManager().zeros(new Shape(1, c), rows.getDataType());
        if (newline != null) {
            extra.addi(newline);
        }
        NDArray all = rows.concat(extra, 0);
        extra.close();
        int[] idx = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            int r = order[i];
            if (r != Packing.NEWLINE && (r < 0 || r >= m)) {
                throw new IllegalArgumentException("packing order names row " + r + " of " + m + " tower rows");
            }
            idx[i] = r == Packing.NEWLINE ? (int) m : r;
        }
        NDArray out = Rows.take(target, all, idx);
        all.close();
        return out;
    }
}
