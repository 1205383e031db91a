package io.iwpspark.lvlm.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ExpectedWeights;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.nn.Linear;

/** The multimodal projector: linear, exact (erf) GELU, linear; vision features -> decoder width. */
public final class Projector {
    private final Linear first; // Dv * feature layers -> D
    private final Linear second; // D -> D

    public Projector(Checkpoint c, NDManager m, DataType t, LlavaConfig cfg) throws CheckpointException {
        this(c, m, t, cfg.projectorInput(), cfg.text().hidden(), cfg.projectorBias());
    }

    /** The same projector for any family that names it multi_modal_projector.linear_{1,2} (NeXT, OneVision). */
    public Projector(Checkpoint c, NDManager m, DataType t, int input, int hidden, boolean bias) throws CheckpointException {
        first = Linear.load(c, m, t, WeightNames.PROJECTOR + "linear_1", input, hidden, bias);
        second = Linear.load(c, m, t, WeightNames.PROJECTOR + "linear_2", hidden, hidden, bias);
    }

    /** The tensors either constructor reads: linear_1 (hidden, input) and linear_2 (hidden, hidden), biased or not. */
    public static void expect(ExpectedWeights.Builder b, int input, int hidden, boolean bias) {
        b.linear(WeightNames.PROJECTOR + "linear_1", input, hidden, bias)
                .linear(WeightNames.PROJECTOR + "linear_2", hidden, hidden, bias);
    }

    /** (..., Dv * k) -> (..., D). */
    public NDArray apply(NDArray features) {
        return second.apply(Activation.gelu(first.apply(features)));
    }
}
