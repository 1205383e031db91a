package io.iwpspark.lvlm;

import io.iwpspark.pruning.Need;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a checkpoint is, read from its config files alone (no weights): enough for the driver to
 * validate a sweep before Spark starts.
 *
 * @param family the family's model_type (the registry key), e.g. "llava"
 * @param decoderLayers L
 * @param visualTokensPerImage the visual tokens of one image at the base resolution (an upper bound
 *     is not implied: LLaVA-NeXT adds crops)
 * @param supplies the pruner inputs this family can compute
 * @param video how the family takes a video
 */
public record ModelCard(String family, int decoderLayers, int visualTokensPerImage, Set<Need> supplies,
        VideoInput video) {
    public ModelCard {
        supplies = supplies.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(supplies));
        java.util.Objects.requireNonNull(video, "video");
    }

    /** How a family takes a video. */
    public enum VideoInput {
        /** Every frame as an image, in order; the runtime's pool_stride may pool each frame's grid (LLaVA-1.5). */
        FRAMES_AS_IMAGES,
        /** The model's own video path with its own pooling (OneVision, LLaVA-NeXT-Video); pool_stride must stay 1. */
        NATIVE,
        /** No video input (LLaVA-NeXT, as transformers). */
        NONE
    }

    /** The inputs of {@code needs} this family cannot compute (empty when it serves them all). */
    public Set<Need> missing(Set<Need> needs) {
        EnumSet<Need> out = EnumSet.noneOf(Need.class);
        for (Need n : needs) {
            if (!supplies.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }
}
