package io.iwpspark.lvlm.runtime;

/**
 * A family's analytic compute (pruning-core's FLOPs model with the family's shapes): what the
 * predictions table's FLOPs columns report.
 */
public interface CostModel {
    /** Decoder prefill FLOPs with {@code tokensPerLayer} (L) tokens at each layer. */
    double prefillFlops(int[] tokensPerLayer);

    /** The same prefill in the FastV paper's unit (multiply-accumulates, two FFN matrices). */
    double prefillMacsFastV(int[] tokensPerLayer);

    /** Vision tower (every crop and frame) plus projector FLOPs of a sample's visual tokens. */
    double visionFlops(VisualTokens visual);
}
