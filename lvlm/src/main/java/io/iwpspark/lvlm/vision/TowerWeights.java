package io.iwpspark.lvlm.vision;

import io.iwpspark.lvlm.checkpoint.ExpectedWeights;
import io.iwpspark.lvlm.checkpoint.VisionConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;

/**
 * The tensors {@link ClipVisionTower} and {@link SiglipVisionTower} read: the embeddings, then the
 * encoder layers up to the deepest feature layer (those beyond it, post_layernorm and SigLIP's
 * pooling head are never loaded, so never expected).
 */
public final class TowerWeights {
    private TowerWeights() {}

    /** CLIP: class embedding, an unbiased patch convolution, grid^2 + 1 positions, pre_layrnorm. */
    public static void clip(ExpectedWeights.Builder b, VisionConfig v, int layersToRun) {
        String p = WeightNames.VISION;
        b.tensor(p + "embeddings.patch_embedding.weight", v.hidden(), v.channels(), v.patchSize(), v.patchSize())
                .tensor(p + "embeddings.class_embedding", v.hidden())
                .tensor(p + "embeddings.position_embedding.weight", (long) v.grid() * v.grid() + 1, v.hidden())
                .layerNorm(p + "pre_layrnorm", v.hidden());
        layers(b, v, layersToRun);
    }

    /** SigLIP: a biased patch convolution and grid^2 positions, no class token, no pre-norm. */
    public static void siglip(ExpectedWeights.Builder b, VisionConfig v, int layersToRun) {
        String p = WeightNames.VISION;
        b.tensor(p + "embeddings.patch_embedding.weight", v.hidden(), v.channels(), v.patchSize(), v.patchSize())
                .tensor(p + "embeddings.patch_embedding.bias", v.hidden())
                .tensor(p + "embeddings.position_embedding.weight", (long) v.grid() * v.grid(), v.hidden());
        layers(b, v, layersToRun);
    }

    /** {@link ClipLayer}'s tensors, shared by both towers. */
    private static void layers(ExpectedWeights.Builder b, VisionConfig v, int layersToRun) {
        int d = v.hidden();
        for (int i = 0; i < layersToRun; i++) {
            String l = WeightNames.VISION + "encoder.layers." + i + ".";
            b.layerNorm(l + "layer_norm1", d).layerNorm(l + "layer_norm2", d)
                    .linear(l + "self_attn.q_proj", d, d, true).linear(l + "self_attn.k_proj", d, d, true)
                    .linear(l + "self_attn.v_proj", d, d, true).linear(l + "self_attn.out_proj", d, d, true)
                    .linear(l + "mlp.fc1", d, v.intermediate(), true).linear(l + "mlp.fc2", v.intermediate(), d, true);
        }
    }
}
