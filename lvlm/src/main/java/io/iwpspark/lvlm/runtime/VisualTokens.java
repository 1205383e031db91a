package io.iwpspark.lvlm.runtime;

import ai.djl.ndarray.NDArray;

/**
 * The visual tokens of one sample before the decoder, in the order they replace the image
 * placeholder (frames, crops and newline tokens as the family lays them out).
 *
 * @param features (N, Dv * k) the vision features behind each token (zeros for a token the tower did
 *     not produce, such as an image_newline)
 * @param projected (N, D) the embeddings that replace the image placeholder
 * @param clsAttention (N) float32 CLS attention of the feature layer, or null (no CLS token)
 * @param keys (N, dh) vision keys of the feature layer, mean over heads, or null
 * @param frames F, frames (1 for an image)
 * @param gridHeight tokens per column of a frame when the tokens start with F regular grids, else 0
 * @param gridWidth tokens per row of a frame, else 0; N = F * gridHeight * gridWidth, plus any tokens after the last
 *     frame that belong to no frame (OneVision's video newline)
 * @param towerImages images the vision tower ran on (frames x crops), for the compute columns
 * @param visionAttention (N) float32 attention each token receives in the vision tower's feature layer (mean over
 *     heads and attending tokens; a pooled or resized token carries the same mix of it), or null
 */
public record VisualTokens(NDArray features, NDArray projected, NDArray clsAttention, NDArray keys, int frames,
        int gridHeight, int gridWidth, int towerImages, NDArray visionAttention) {
    /** Tokens without vision attention. */
    public VisualTokens(NDArray features, NDArray projected, NDArray clsAttention, NDArray keys, int frames,
            int gridHeight, int gridWidth, int towerImages) {
        this(features, projected, clsAttention, keys, frames, gridHeight, gridWidth, towerImages, null);
    }

    public int count() {
        return (int) projected.getShape().get(0);
    }
}
