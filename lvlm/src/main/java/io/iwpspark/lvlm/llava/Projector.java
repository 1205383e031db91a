package io.iwpspark.lvlm.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.nn.Linear;

/** The multimodal projector: linear, exact (erf) GELU, linear; vision features -> decoder width. */
public final class Projector {
    private final Linear first; // Dv * feature layers -> D
    private final Linear second; // D -> D

    public Projector(Checkpoint c, NDManager m, DataType t, LlavaConfig cfg) throws CheckpointException {
        int d = cfg.text().hidden();
        first = Linear.load(c, m, t, WeightNames.PROJECTOR + "linear_1", cfg.projectorInput(), d, cfg.projectorBias());
        second = Linear.load(c, m, t, WeightNames.PROJECTOR + "linear_2", d, d, cfg.projectorBias());
    }

    /** (..., Dv * k) -> (..., D). */
    public NDArray apply(NDArray features) {
        return second.apply(Activation.gelu(first.apply(features)));
    }
}
