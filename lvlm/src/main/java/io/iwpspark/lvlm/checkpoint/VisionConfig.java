package io.iwpspark.lvlm.checkpoint;

/**
 * A ViT vision tower's configuration (a Hugging Face {@code vision_config}: CLIP, defaults as
 * transformers' CLIPVisionConfig, or SigLIP, defaults as SiglipVisionConfig).
 *
 * @param hidden Dv
 * @param intermediate MLP width
 * @param layers encoder layers
 * @param heads attention heads
 * @param imageSize side of the square input
 * @param patchSize side of a patch (the stride of the patch embedding)
 * @param channels input channels (3)
 * @param layerNormEps epsilon of every LayerNorm
 * @param activation the MLP activation
 */
public record VisionConfig(int hidden, int intermediate, int layers, int heads, int imageSize, int patchSize,
        int channels, double layerNormEps, Activation activation) {
    public VisionConfig {
        TextConfig.positive("vision hidden_size", hidden);
        TextConfig.positive("vision intermediate_size", intermediate);
        TextConfig.positive("vision num_hidden_layers", layers);
        TextConfig.positive("vision num_attention_heads", heads);
        TextConfig.positive("vision image_size", imageSize);
        TextConfig.positive("vision patch_size", patchSize);
        TextConfig.positive("vision num_channels", channels);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("vision_config: hidden_size (" + hidden
                    + ") must be a multiple of num_attention_heads (" + heads + ")");
        }
        if (imageSize < patchSize) {
            throw new IllegalArgumentException("vision_config: image_size (" + imageSize
                    + ") must be at least patch_size (" + patchSize + ")");
        }
    }

    /**
     * Patches per side: floor(image_size / patch_size), as the unpadded stride-p convolution cuts them
     * (SigLIP so400m at 384 px, patch 14, leaves the last 6 pixel rows and columns unused).
     */
    public int grid() {
        return imageSize / patchSize;
    }

    public int headDim() {
        return hidden / heads;
    }

    /** The activations the runtime implements, by their Hugging Face names. */
    public enum Activation {
        QUICK_GELU("quick_gelu"), GELU("gelu"), GELU_TANH("gelu_pytorch_tanh");

        private final String hfName;

        Activation(String hfName) {
            this.hfName = hfName;
        }

        public static Activation fromHf(String key, String name) {
            for (Activation a : values()) {
                if (a.hfName.equals(name)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("config key " + key + " must be quick_gelu, gelu or gelu_pytorch_tanh, found \"" + name + "\"");
        }
    }
}
