package io.iwpspark.lvlm.vision;

import ai.djl.ndarray.NDArray;

/**
 * What the vision tower gives the rest of the model, for F frames of N selected tokens each.
 *
 * @param features (F, N, Dv * feature layers) the projector's input
 * @param clsAttention (F, N) float32 attention of CLS to each selected token in the layer that
 *     produces the (deepest) feature layer, summed over heads; null when that is the embeddings or the
 *     tower has no CLS token (SigLIP)
 * @param keys (F, N, dh) that layer's keys, mean over heads; null when that is the embeddings
 * @param visionAttention (F, N) float32 attention each selected token receives in that layer, mean over heads and
 *     over the attending tokens; null when not computed (only SigLIP computes it)
 */
public record VisionOutput(NDArray features, NDArray clsAttention, NDArray keys, NDArray visionAttention) {
    public VisionOutput(NDArray features, NDArray clsAttention, NDArray keys) {
        this(features, clsAttention, keys, null);
    }
}
