package io.iwpspark.lvlm.checkpoint;

import java.util.Arrays;

/**
 * A Hugging Face LLaVA checkpoint's configuration ({@code model_type "llava"}), translated from
 * config.json once by {@link ConfigReader}.
 *
 * @param text the LLaMA decoder
 * @param vision the CLIP vision tower
 * @param imageTokenId the placeholder token id that the visual tokens replace
 * @param featureLayers the vision hidden-state indices whose features the projector takes (negative
 *     counts from the end, as Python indexes {@code hidden_states}; several are concatenated)
 * @param selectStrategy DEFAULT drops the CLS token, FULL keeps it
 * @param projectorBias the projector's linear layers carry biases
 * @param bosTokenId the beginning-of-sequence id
 * @param eosTokenIds the ids that end a generation
 */
public record LlavaConfig(TextConfig text, VisionConfig vision, int imageTokenId, int[] featureLayers,
        SelectStrategy selectStrategy, boolean projectorBias, int bosTokenId, int[] eosTokenIds) {
    public LlavaConfig {
        featureLayers = featureLayers.clone();
        eosTokenIds = eosTokenIds.clone();
        if (featureLayers.length == 0) {
            throw new IllegalArgumentException("vision_feature_layer must name at least one layer");
        }
        for (int l : featureLayers) {
            int resolved = l < 0 ? vision.layers() + 1 + l : l;
            if (resolved < 0 || resolved > vision.layers()) {
                throw new IllegalArgumentException("vision_feature_layer " + l + " is outside the "
                        + (vision.layers() + 1) + " hidden states of a " + vision.layers() + "-layer vision tower");
            }
        }
        if (imageTokenId < 0 || imageTokenId >= text.vocabSize()) {
            throw new IllegalArgumentException("image_token_index must be in [0, " + text.vocabSize()
                    + "), found " + imageTokenId);
        }
    }

    /** Index into the vision tower's hidden states (0 = embeddings, i = output of layer i). */
    public int resolvedFeatureLayer(int i) {
        int l = featureLayers[i];
        return l < 0 ? vision.layers() + 1 + l : l;
    }

    /** The deepest hidden state needed: the vision layers that must run. */
    public int visionLayersToRun() {
        int max = 0;
        for (int i = 0; i < featureLayers.length; i++) {
            max = Math.max(max, resolvedFeatureLayer(i));
        }
        return max;
    }

    /** Input width of the projector: Dv times the number of feature layers. */
    public int projectorInput() {
        return vision.hidden() * featureLayers.length;
    }

    /** Visual tokens per image. */
    public int tokensPerImage() {
        int patches = vision.grid() * vision.grid();
        return selectStrategy == SelectStrategy.FULL ? patches + 1 : patches;
    }

    @Override
    public int[] featureLayers() {
        return featureLayers.clone();
    }

    @Override
    public int[] eosTokenIds() {
        return eosTokenIds.clone();
    }

    public boolean isEos(int id) {
        return Arrays.stream(eosTokenIds).anyMatch(e -> e == id);
    }

    /** vision_feature_select_strategy. */
    public enum SelectStrategy {
        DEFAULT, FULL
    }
}
