package io.iwpspark.pruning.flops;

/**
 * The sizes of a ViT tower (CLIP or SigLIP) and the projector behind it.
 *
 * @param layers transformer layers that run (up to the feature layer)
 * @param hidden Dv
 * @param ffn the MLP width (two matrices)
 * @param patches patches per image (FlopsModel adds a CLS token when the tower has one)
 * @param patchPixels channels * patch * patch
 * @param projectorHidden the projector's hidden width (linear Dv -> P, GELU, linear P -> D)
 */
public record VisionShape(int layers, int hidden, int ffn, int patches, int patchPixels, int projectorHidden) {
    public VisionShape {
        if (layers <= 0 || hidden <= 0 || ffn <= 0 || patches <= 0 || patchPixels <= 0 || projectorHidden <= 0) {
            throw new IllegalArgumentException("vision sizes must be > 0, found " + layers + ", " + hidden + ", "
                    + ffn + ", " + patches + ", " + patchPixels + ", " + projectorHidden);
        }
    }

    /** CLIP ViT-L/14-336 up to layer -2 (23 of 24 layers) with LLaVA-1.5's 2-layer MLP projector. */
    public static final VisionShape LLAVA_15_7B = new VisionShape(23, 1024, 4096, 576, 3 * 14 * 14, 4096);
}
