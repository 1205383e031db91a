package io.iwpspark.pruning.iwp;

/**
 * The kernel that reads attention as an implicit linear layer (METHOD.md section 1).
 * <ul>
 *   <li>EXP: softmax attention, kappa(a, b) = exp(a . b / sqrt d), the RKHS reading (default);</li>
 *   <li>LINEAR: linear attention, kappa(a, b) = a . b, W = sum_i v_i k_i^T literally.</li>
 * </ul>
 */
public enum Kernel {
    EXP,
    LINEAR
}
