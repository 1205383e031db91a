package io.iwpspark.lvlm.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.checkpoint.VisionConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.nn.Norms.LayerNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLIP ViT as LLaVA uses it: patch + class + position embeddings, pre_layrnorm, the encoder
 * layers up to the deepest feature layer (the rest are never loaded), then the hidden states of the
 * feature layer(s) with the CLS token dropped ("default") or kept ("full"). No post-layernorm.
 */
public final class ClipVisionTower {
    private final LlavaConfig cfg;
    private final NDArray patchWeightT; // (C * p * p, Dv): the stride-p convolution as a matrix
    private final NDArray classEmbedding; // (Dv)
    private final NDArray positionEmbedding; // (grid^2 + 1, Dv)
    private final LayerNorm preNorm; // (Dv)
    private final List<ClipLayer> layers;

    public ClipVisionTower(Checkpoint c, NDManager m, DataType t, LlavaConfig cfg) throws CheckpointException {
        this.cfg = cfg;
        VisionConfig v = cfg.vision();
        String p = WeightNames.VISION;
        int patchDim = v.channels() * v.patchSize() * v.patchSize();
        patchWeightT = c.load(m, t, p + "embeddings.patch_embedding.weight", v.hidden(), v.channels(), v.patchSize(),
                v.patchSize()).reshape(v.hidden(), patchDim).transpose();
        classEmbedding = c.load(m, t, p + "embeddings.class_embedding", v.hidden());
        positionEmbedding = c.load(m, t, p + "embeddings.position_embedding.weight", v.grid() * v.grid() + 1, v.hidden());
        preNorm = LayerNorm.load(c, m, t, p + "pre_layrnorm", v.hidden(), v.layerNormEps());
        layers = new ArrayList<>();
        for (int i = 0; i < cfg.visionLayersToRun(); i++) {
            layers.add(new ClipLayer(c, m, t, v, p + "encoder.layers." + i + "."));
        }
    }

    /**
     * @param pixels (F, C, H, W) normalised pixel values in the compute dtype, H = W = image_size
     * @return the selected features and, from the last layer run, CLS attention and keys
     */
    public VisionOutput forward(NDArray pixels) {
        VisionConfig v = cfg.vision();
        long f = pixels.getShape().get(0);
        int g = v.grid();
        int p = v.patchSize();
        // Cut (F, C, g*p, g*p) into (F, g*g, C*p*p) patches in row-major grid order, channel-major within.
        NDArray patches = pixels.reshape(f, v.channels(), g, p, g, p).transpose(0, 2, 4, 1, 3, 5)
                .reshape(f, (long) g * g, (long) v.channels() * p * p);
        NDArray embedded = patches.matMul(patchWeightT); // (F, g*g, Dv)
        NDArray cls = pixels.getManager().zeros(new ai.djl.ndarray.types.Shape(f, 1, v.hidden()), pixels.getDataType())
                .addi(classEmbedding);
        NDArray x = preNorm.apply(cls.concat(embedded, 1).addi(positionEmbedding)); // (F, S, Dv), S = g*g + 1
        int deepest = cfg.visionLayersToRun();
        NDArray[] hidden = new NDArray[deepest + 1];
        hidden[0] = x;
        NDArray[] taps = new NDArray[2];
        for (int i = 0; i < deepest; i++) {
            hidden[i + 1] = layers.get(i).forward(hidden[i], i == deepest - 1 ? taps : null);
        }
        NDList selected = new NDList();
        for (int i = 0; i < cfg.featureLayers().length; i++) {
            selected.add(hidden[cfg.resolvedFeatureLayer(i)]);
        }
        NDArray all = selected.size() == 1 ? selected.get(0) : NDArrays.concat(selected, 2);
        String rows = cfg.selectStrategy() == LlavaConfig.SelectStrategy.FULL ? ":" : "1:";
        NDArray features = all.get(":, " + rows + ", :");
        if (taps[0] == null) {
            return new VisionOutput(features, null, null);
        }
        NDArray clsAttention = taps[0].get(":, :, 0, " + rows).sum(new int[] {1}); // (F, N)
        NDArray keys = taps[1].mean(new int[] {1}).get(":, " + rows + ", :"); // (F, N, dh)
        NDArray received = taps[0].mean(new int[] {1}).mean(new int[] {1}).get(":, " + rows); // (F, N), CLS's query included
        return new VisionOutput(features, clsAttention, keys, received);
    }
}
