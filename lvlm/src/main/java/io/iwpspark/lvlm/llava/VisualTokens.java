package io.iwpspark.lvlm.llava;

import ai.djl.ndarray.NDArray;

/**
 * The visual tokens of one sample before the decoder, frames concatenated in order.
 *
 * @param features (N, Dv * k) the vision features the projector takes
 * @param projected (N, D) the projected embeddings that replace the image placeholder
 * @param clsAttention (N) float32 CLS attention of the feature layer, or null
 * @param keys (N, dh) vision keys of the feature layer, mean over heads, or null
 * @param frames F
 * @param gridHeight tokens per column of a frame (after pooling)
 * @param gridWidth tokens per row of a frame (N = F * gridHeight * gridWidth, or F * (1 + g * g) with CLS kept)
 */
public record VisualTokens(NDArray features, NDArray projected, NDArray clsAttention, NDArray keys, int frames,
        int gridHeight, int gridWidth) {
    public int count() {
        return (int) projected.getShape().get(0);
    }
}
