package io.iwpspark.lvlm.hook;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The dual-weight error of a selection, ||W - W_S||_F / ||W||_F with W = sum_i v_i phi(k_i)^T summed
 * block-diagonally over groups (METHOD.md section 4): <T_i, T_j> = (v_i . v_j) kappa(k_i, k_j),
 * kappa = exp(k_i . k_j / sqrt d) or the dot product. Exp terms are shifted by their maximum, which
 * cancels in the ratio. Builds the (G, N, N) Gram matrices: meant for image-sized N.
 */
final class DualWeight {
    private DualWeight() {}

    /**
     * @param keys (G, N, d) keys
     * @param values (G, N, d) values
     * @param kept ascending indices of the kept tokens
     */
    static double relative(NDArray keys, NDArray values, int[] kept, boolean exp) {
        NDArray k = keys.toType(DataType.FLOAT32, false);
        NDArray v = values.toType(DataType.FLOAT32, false);
        long n = k.getShape().get(1);
        double d = k.getShape().get(2);
        NDArray kk = k.matMul(k.transpose(0, 2, 1)); // (G, N, N)
        NDArray kernel = exp ? kk.divi(Math.sqrt(d)).subi(kk.max()).exp() : kk;
        NDArray gram = v.matMul(v.transpose(0, 2, 1)).muli(kernel).sum(new int[] {0}); // (N, N)
        float[] dropped = new float[(int) n];
        java.util.Arrays.fill(dropped, 1f);
        for (int i : kept) {
            dropped[i] = 0f;
        }
        NDArray mask = k.getManager().create(dropped);
        double total = gram.sum().toType(DataType.FLOAT64, false).getDouble();
        double lost = gram.mul(mask.reshape(-1, 1)).muli(mask.reshape(1, -1)).sum().toType(DataType.FLOAT64, false)
                .getDouble();
        if (!(total > 0)) {
            return Double.NaN;
        }
        return Math.sqrt(Math.max(lost, 0) / total);
    }
}
