package io.iwpspark.lvlm.runtime;

import io.iwpspark.pruning.flops.DecoderShape;
import io.iwpspark.pruning.flops.FlopsModel;

/**
 * A family's analytic compute (pruning-core's FLOPs model with the family's shapes): what the
 * predictions table's FLOPs columns report. The decoder's part is the same for every family; the
 * vision side (tower on crops or frames, projector before or after pooling) is the family's.
 */
public interface CostModel {
    /** The decoder's sizes. */
    DecoderShape decoder();

    /** Vision tower (every crop and frame) plus projector FLOPs of a sample's visual tokens. */
    double visionFlops(VisualTokens visual);

    /** Decoder prefill FLOPs with {@code tokensPerLayer} (L) tokens at each layer. */
    default double prefillFlops(int[] tokensPerLayer) {
        return FlopsModel.prefillFlops(decoder(), tokensPerLayer);
    }

    /** The same prefill in the FastV paper's unit (multiply-accumulates, two FFN matrices). */
    default double prefillMacsFastV(int[] tokensPerLayer) {
        return FlopsModel.prefillMacsFastV(decoder(), tokensPerLayer);
    }

    /**
     * One decode step's decoder FLOPs, the prefill formula at one query: {@code keysPerLayer} (L) keys the new token
     * attends at each layer.
     */
    default double decodeStepFlops(int[] keysPerLayer) {
        return FlopsModel.decodeStepFlops(decoder(), keysPerLayer);
    }

    /** The same decode step in the FastV paper's unit. */
    default double decodeStepMacsFastV(int[] keysPerLayer) {
        return FlopsModel.decodeStepMacsFastV(decoder(), keysPerLayer);
    }
}
