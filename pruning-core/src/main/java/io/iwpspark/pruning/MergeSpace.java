package io.iwpspark.pruning;

/** The space in which a merging pruner returns its merged tokens. */
public enum MergeSpace {
    /** No merged tokens. */
    NONE,
    /** Vision-tower features (N, Dv): the runtime passes them through the projector (VisionZip). */
    VISION_FEATURES,
    /** Decoder hidden states (M, D) entering the stage layer (SparseVLM's recycled tokens). */
    HIDDEN,
    /**
     * Decoder hidden states (K, D) that replace the kept tokens' own, row i for kept[i]; they add no token, so
     * the kept tokens keep their places and position ids (HoliTom's inner merge folds the dropped tokens into the
     * kept ones).
     */
    HIDDEN_IN_PLACE
}
