package io.iwpspark.lvlm.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What the pruning hook reads from one decoder layer besides running it: the keys and values it
 * would compute for some rows, and its queries (for attention probes). Inputs are the hidden states
 * entering the layer; the layer applies its own input norm and rotary embedding.
 */
public interface DecoderLayer {
    /**
     * Keys and values (Hkv, R, d) of rows x (R, D) entering the layer.
     *
     * @param rotate keys after the rotary embedding (what attention uses) or as projected
     */
    NDArray[] keysValues(NDManager m, NDArray x, Positions positions, boolean rotate);

    /** Rotated queries (H, R, d) of rows x (R, D) entering the layer. */
    NDArray queries(NDManager m, NDArray x, Positions positions);
}
