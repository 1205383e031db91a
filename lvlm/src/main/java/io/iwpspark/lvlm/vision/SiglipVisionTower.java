package io.iwpspark.lvlm.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.VisionConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The SigLIP ViT as LLaVA-OneVision uses it (transformers 5.24 SiglipVisionModel through
 * LlavaOnevisionModel.get_image_features / get_video_features): a biased stride-p patch convolution
 * plus a learned position embedding per patch, no class token and no pre-norm, then the encoder
 * layers up to the deepest feature layer. The features are hidden states as the encoder layers leave
 * them: post_layernorm and the attention-pooling head only make SiglipVisionModel's
 * last_hidden_state / pooler_output, which OneVision never reads, so neither is loaded.
 */
public final class SiglipVisionTower {
    private final VisionConfig v;
    private final int[] featureLayers; // resolved hidden-state indices: 0 = embeddings, i = output of layer i
    private final NDArray patchWeightT; // (C * p * p, Dv): the convolution as a matrix
    private final NDArray patchBias; // (Dv)
    private final NDArray positionEmbedding; // (grid^2, Dv)
    private final List<ClipLayer> layers;

    /**
     * @param featureLayers hidden-state indices (0 = embeddings, i = output of layer i), concatenated in
     *     this order along the feature axis
     */
    public SiglipVisionTower(Checkpoint c, NDManager m, DataType t, VisionConfig v, int[] featureLayers)
            throws CheckpointException {
        this.v = v;
        this.featureLayers = featureLayers.clone();
        String p = WeightNames.VISION;
        int patchDim = v.channels() * v.patchSize() * v.patchSize();
        patchWeightT = c.load(m, t, p + "embeddings.patch_embedding.weight", v.hidden(), v.channels(), v.patchSize(),
                v.patchSize()).reshape(v.hidden(), patchDim).transpose();
        patchBias = c.load(m, t, p + "embeddings.patch_embedding.bias", v.hidden());
        positionEmbedding = c.load(m, t, p + "embeddings.position_embedding.weight", v.grid() * v.grid(), v.hidden());
        layers = new ArrayList<>();
        for (int i = 0; i < layersToRun(); i++) {
            layers.add(new ClipLayer(c, m, t, v, p + "encoder.layers." + i + "."));
        }
    }

    /** The deepest feature layer: encoder layers beyond it are never loaded nor run. */
    public int layersToRun() {
        int max = 0;
        for (int l : featureLayers) {
            max = Math.max(max, l);
        }
        return max;
    }

    /** The hidden state entering layer 0: patch embeddings (conv with bias) plus position embeddings, (F, g*g, Dv). */
    NDArray embed(NDArray pixels) {
        long f = pixels.getShape().get(0);
        int g = v.grid();
        int p = v.patchSize();
        if (g * p != v.imageSize()) {
            // The unpadded convolution never reaches the last image_size mod p rows and columns.
            pixels = pixels.get(":, :, 0:" + g * p + ", 0:" + g * p);
        }
        // Cut (F, C, g*p, g*p) into (F, g*g, C*p*p) patches in row-major grid order, channel-major within,
        // the order of the convolution's weight and of flatten(2).transpose(1, 2).
        NDArray patches = pixels.reshape(f, v.channels(), g, p, g, p).transpose(0, 2, 4, 1, 3, 5)
                .reshape(f, (long) g * g, (long) v.channels() * p * p);
        return patches.matMul(patchWeightT).addi(patchBias).addi(positionEmbedding);
    }

    /**
     * transformers' hidden_states up to the deepest feature layer: [0] the embeddings, [i] the output of
     * encoder layer i, each (F, g*g, Dv).
     */
    public NDArray[] hiddenStates(NDArray pixels) {
        return run(pixels, new NDArray[2]);
    }

    /** Hidden states 0..deepest; the deepest layer leaves its attention probabilities and keys in {@code taps}. */
    private NDArray[] run(NDArray pixels, NDArray[] taps) {
        int deepest = layersToRun();
        NDArray[] hidden = new NDArray[deepest + 1];
        hidden[0] = embed(pixels);
        for (int i = 0; i < deepest; i++) {
            hidden[i + 1] = layers.get(i).forward(hidden[i], i == deepest - 1 ? taps : null);
        }
        return hidden;
    }

    /**
     * @param pixels (F, C, H, W) normalised pixel values in the compute dtype, H = W = image_size
     * @return every patch's features (the "full" selection; SigLIP has no CLS row to drop) and the keys of
     *     the last layer run, mean over heads, and the attention each patch receives there (mean over heads and
     *     queries, HoliTom's score: its siglip_encoder returns attentions[-1].mean(dim=1).mean(dim=1)); no CLS attention
     */
    public VisionOutput forward(NDArray pixels) {
        NDArray[] taps = new NDArray[2];
        NDArray[] hidden = run(pixels, taps);
        NDList selected = new NDList();
        for (int l : featureLayers) {
            selected.add(hidden[l]);
        }
        NDArray features = selected.size() == 1 ? selected.get(0) : NDArrays.concat(selected, 2);
        NDArray keys = taps[1] == null ? null : taps[1].mean(new int[] {1}); // (F, N, dh)
        NDArray received = taps[0] == null ? null : taps[0].mean(new int[] {1}).mean(new int[] {1}); // (F, N)
        return new VisionOutput(features, null, keys, received);
    }
}
