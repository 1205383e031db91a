package io.iwpspark.pruning;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/**
 * What the runtime hands a pruner at one stage; a field is null unless the pruner's {@link Need}s
 * ask for it (see {@link Need} for the notation). Build with {@link #builder(int)}.
 *
 * @param numVisual N, the visual tokens present at this stage
 * @param frames video frames (1 for an image); N = frames * gridHeight * gridWidth before any pruning, plus any
 *     tokens after the last frame that belong to no frame (OneVision's video newline)
 * @param gridHeight patches per column of one frame
 * @param gridWidth patches per row of one frame
 * @param visualStart the sequence index of the first visual token in the prompt the decoder runs (its absolute
 *     position, nothing being pruned before it: 35 for LLaVA-1.5's conversation template); text token j of
 *     {@code textKeys}/{@code textHidden} sits at visualStart + numVisual + j. Default 0. Only DART reads it
 *     (the official code walks a Python set of these positions, whose order depends on them)
 * @param seed the sample's seed, for pruners that draw at random
 * @param keys (G, N, d) visual keys at the stage layer
 * @param values (G, N, d) visual values at the stage layer
 * @param textKeys (G, T, d) text keys at the stage layer
 * @param lastTokenAttention (N) attention of the last prompt token to the visual tokens, layer l-1
 * @param lastTokenAttentionAtStage (N) attention of the last prompt token to the visual tokens with layer l's own
 *     projections on the hidden states entering l
 * @param textToVisualAttention (T, N) attention of the text tokens to the visual tokens, layer l-1
 * @param clsAttention (N) vision-tower CLS attention to each patch
 * @param visionAttention (N) vision-tower attention each token receives, mean over heads and attending tokens
 * @param visionKeys (N, Dv) vision-tower keys, mean over heads
 * @param visionFeatures (N, Dv) vision-tower features before the projector
 * @param visualHidden (N, D) visual hidden states entering the stage layer
 * @param textHidden (T, D) text hidden states entering the stage layer
 */
public record PruneInputs(
        int numVisual,
        int frames,
        int gridHeight,
        int gridWidth,
        int visualStart,
        long seed,
        NDArray keys,
        NDArray values,
        NDArray textKeys,
        NDArray lastTokenAttention,
        NDArray lastTokenAttentionAtStage,
        NDArray textToVisualAttention,
        NDArray clsAttention,
        NDArray visionAttention,
        NDArray visionKeys,
        NDArray visionFeatures,
        NDArray visualHidden,
        NDArray textHidden) {

    public PruneInputs {
        if (numVisual <= 0) {
            throw new IllegalArgumentException("numVisual must be > 0, found " + numVisual);
        }
        if (frames <= 0 || gridHeight <= 0 || gridWidth <= 0) {
            throw new IllegalArgumentException("frames, gridHeight, gridWidth must be > 0, found "
                    + frames + ", " + gridHeight + ", " + gridWidth);
        }
        if (visualStart < 0) {
            throw new IllegalArgumentException("visualStart must be >= 0, found " + visualStart);
        }
        Tensors.requireShape("keys", keys, -1, numVisual, -1);
        Tensors.requireShape("values", values, -1, numVisual, -1);
        if (keys != null && values != null && keys.getShape().get(0) != values.getShape().get(0)) {
            throw new IllegalArgumentException("keys and values must have the same number of groups, found "
                    + keys.getShape() + " and " + values.getShape());
        }
        Tensors.requireShape("textKeys", textKeys, -1, -1, -1);
        Tensors.requireShape("lastTokenAttention", lastTokenAttention, numVisual);
        Tensors.requireShape("lastTokenAttentionAtStage", lastTokenAttentionAtStage, numVisual);
        Tensors.requireShape("textToVisualAttention", textToVisualAttention, -1, numVisual);
        Tensors.requireShape("clsAttention", clsAttention, numVisual);
        Tensors.requireShape("visionAttention", visionAttention, numVisual);
        Tensors.requireShape("visionKeys", visionKeys, numVisual, -1);
        Tensors.requireShape("visionFeatures", visionFeatures, numVisual, -1);
        Tensors.requireShape("visualHidden", visualHidden, numVisual, -1);
        Tensors.requireShape("textHidden", textHidden, -1, -1);
    }

    /** Throws naming every declared need whose field is null. */
    public void requireAll(String pruner, Set<Need> needs) {
        for (Need need : needs) {
            boolean present = switch (need) {
                case VISUAL_KV -> keys != null && values != null;
                case TEXT_KEYS -> textKeys != null;
                case LAST_TOKEN_ATTENTION -> lastTokenAttention != null;
                case LAST_TOKEN_ATTENTION_AT_STAGE -> lastTokenAttentionAtStage != null;
                case TEXT_TO_VISUAL_ATTENTION -> textToVisualAttention != null;
                case CLS_ATTENTION -> clsAttention != null;
                case VISION_ATTENTION -> visionAttention != null;
                case VISION_KEYS -> visionKeys != null;
                case VISION_FEATURES -> visionFeatures != null;
                case VISUAL_HIDDEN -> visualHidden != null;
                case TEXT_HIDDEN -> textHidden != null;
            };
            if (!present) {
                throw new IllegalArgumentException(pruner + " needs " + need + " but the inputs lack it");
            }
        }
    }

    public static Builder builder(int numVisual) {
        return new Builder(numVisual);
    }

    /** Required: numVisual (constructor). Optional: everything else; grid defaults to 1 x 1 x N. */
    public static final class Builder {
        private final int numVisual;
        private int frames = 1;
        private int gridHeight = 1;
        private int gridWidth;
        private int visualStart;
        private long seed;
        private NDArray keys;
        private NDArray values;
        private NDArray textKeys;
        private NDArray lastTokenAttention;
        private NDArray lastTokenAttentionAtStage;
        private NDArray textToVisualAttention;
        private NDArray clsAttention;
        private NDArray visionAttention;
        private NDArray visionKeys;
        private NDArray visionFeatures;
        private NDArray visualHidden;
        private NDArray textHidden;

        private Builder(int numVisual) {
            this.numVisual = numVisual;
            this.gridWidth = numVisual;
        }

        public Builder optGrid(int frames, int gridHeight, int gridWidth) {
            this.frames = frames;
            this.gridHeight = gridHeight;
            this.gridWidth = gridWidth;
            return this;
        }

        /** The sequence index (absolute position) of the first visual token; see {@link PruneInputs#visualStart()}. */
        public Builder optVisualStart(int visualStart) {
            this.visualStart = visualStart;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optKeysValues(NDArray keys, NDArray values) {
            this.keys = keys;
            this.values = values;
            return this;
        }

        public Builder optTextKeys(NDArray textKeys) {
            this.textKeys = textKeys;
            return this;
        }

        public Builder optLastTokenAttention(NDArray a) {
            this.lastTokenAttention = a;
            return this;
        }

        public Builder optLastTokenAttentionAtStage(NDArray a) {
            this.lastTokenAttentionAtStage = a;
            return this;
        }

        public Builder optTextToVisualAttention(NDArray a) {
            this.textToVisualAttention = a;
            return this;
        }

        public Builder optClsAttention(NDArray a) {
            this.clsAttention = a;
            return this;
        }

        public Builder optVisionAttention(NDArray a) {
            this.visionAttention = a;
            return this;
        }

        public Builder optVisionKeys(NDArray a) {
            this.visionKeys = a;
            return this;
        }

        public Builder optVisionFeatures(NDArray a) {
            this.visionFeatures = a;
            return this;
        }

        public Builder optVisualHidden(NDArray a) {
            this.visualHidden = a;
            return this;
        }

        public Builder optTextHidden(NDArray a) {
            this.textHidden = a;
            return this;
        }

        public PruneInputs build() {
            return new PruneInputs(numVisual, frames, gridHeight, gridWidth, visualStart, seed, keys, values, textKeys,
                    lastTokenAttention, lastTokenAttentionAtStage, textToVisualAttention, clsAttention, visionAttention, visionKeys, visionFeatures,
                    visualHidden, textHidden);
        }
    }
}
