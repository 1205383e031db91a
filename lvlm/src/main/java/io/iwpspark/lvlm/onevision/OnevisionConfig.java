package io.iwpspark.lvlm.onevision;

import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.checkpoint.VisionConfig;
import java.util.Arrays;
import java.util.List;

/**
 * A LLaVA-OneVision checkpoint's configuration ({@code model_type "llava_onevision"}, transformers
 * 5.24 LlavaOnevisionConfig), translated once by {@link OnevisionConfigReader}.
 *
 * @param text the Qwen2 decoder (tie_word_embeddings already merged with the outer config's)
 * @param vision the SigLIP tower
 * @param imageTokenId the image placeholder ({@code image_token_index})
 * @param videoTokenId the video placeholder ({@code video_token_index})
 * @param featureLayers vision hidden-state indices the projector takes (negative counts from the end,
 *     as Python indexes hidden_states; several are concatenated)
 * @param projectorBias the projector's linear layers carry biases
 * @param pinpoints the anyres resolutions, each {height, width}
 * @param maxCrops N of {@code vision_aspect_ratio "anyres_max_N"}: the unpadded crop grid is shrunk to
 *     about N base grids
 * @param eosTokenIds the ids that end a generation
 */
public record OnevisionConfig(TextConfig text, VisionConfig vision, int imageTokenId, int videoTokenId,
        int[] featureLayers, boolean projectorBias, List<int[]> pinpoints, int maxCrops, int[] eosTokenIds) {
    public OnevisionConfig {
        featureLayers = featureLayers.clone();
        eosTokenIds = eosTokenIds.clone();
        pinpoints = pinpoints.stream().map(int[]::clone).toList();
        if (featureLayers.length == 0) {
            throw new IllegalArgumentException("vision_feature_layer must name at least one layer");
        }
        for (int l : featureLayers) {
            int resolved = l < 0 ? vision.layers() + 1 + l : l;
            if (resolved < 0 || resolved > vision.layers()) {
                throw new IllegalArgumentException("vision_feature_layer " + l + " is outside the " + (vision.layers() + 1)
                        + " hidden states of a " + vision.layers() + "-layer vision tower");
            }
        }
        for (int id : new int[] {imageTokenId, videoTokenId}) {
            if (id < 0 || id >= text.vocabSize()) {
                throw new IllegalArgumentException("image_token_index and video_token_index must be in [0, "
                        + text.vocabSize() + "), found " + imageTokenId + " and " + videoTokenId);
            }
        }
        if (pinpoints.isEmpty()) {
            throw new IllegalArgumentException("image_grid_pinpoints must hold at least one resolution");
        }
        for (int[] p : pinpoints) {
            if (p.length != 2 || p[0] <= 0 || p[1] <= 0) {
                throw new IllegalArgumentException("image_grid_pinpoints entries must be [height, width] > 0, found "
                        + Arrays.toString(p));
            }
        }
        if (maxCrops <= 0) {
            throw new IllegalArgumentException("vision_aspect_ratio anyres_max_N needs N > 0, found " + maxCrops);
        }
    }

    /** Hidden-state indices (0 = embeddings, i = output of layer i). */
    public int[] resolvedFeatureLayers() {
        return Arrays.stream(featureLayers).map(l -> l < 0 ? vision.layers() + 1 + l : l).toArray();
    }

    /** Input width of the projector: Dv times the number of feature layers. */
    public int projectorInput() {
        return vision.hidden() * featureLayers.length;
    }

    /** Patches per side of one crop or frame (image_size / patch_size). */
    public int grid() {
        return vision.grid();
    }

    /** Tokens per side of a video frame after pooling: ceil(grid / 2) (LlavaOnevisionModel.apply_pooling). */
    public int pooledGrid() {
        return (grid() + 1) / 2;
    }

    @Override
    public int[] featureLayers() {
        return featureLayers.clone();
    }

    @Override
    public int[] eosTokenIds() {
        return eosTokenIds.clone();
    }

    @Override
    public List<int[]> pinpoints() {
        return pinpoints.stream().map(int[]::clone).toList();
    }

    public boolean isEos(int id) {
        return Arrays.stream(eosTokenIds).anyMatch(e -> e == id);
    }
}
