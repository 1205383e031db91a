package io.iwpspark.pruning;

/** The space in which a merging pruner returns its merged tokens. */
public enum MergeSpace {
    /** No merged tokens. */
    NONE,
    /** Vision-tower features (N, Dv): the runtime passes them through the projector (VisionZip). */
    VISION_FEATURES,
    /** Decoder hidden states (M, D) entering the stage layer (SparseVLM's recycled tokens). */
    HIDDEN
}
