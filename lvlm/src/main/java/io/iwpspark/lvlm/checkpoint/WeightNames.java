package io.iwpspark.lvlm.checkpoint;

import java.util.Optional;

/**
 * The weight-naming schemes of Hugging Face LLaVA-family checkpoints, mapped onto one canonical
 * scheme (the one transformers 4.52-4.57 write):
 *
 * <pre>
 * published (llava-hf/llava-1.5-7b-hf)      canonical
 * language_model.model.X                     model.language_model.X
 * language_model.lm_head.weight              lm_head.weight
 * vision_tower.X                             model.vision_tower.X
 * multi_modal_projector.X                    model.multi_modal_projector.X
 * image_newline                              model.image_newline
 * </pre>
 *
 * <p>Current transformers' save_pretrained drops the tower's {@code vision_model.} level
 * ({@code vision_tower.embeddings.X}, {@code model.vision_tower.encoder.X}); it is put back.
 */
public final class WeightNames {
    public static final String TEXT = "model.language_model.";
    public static final String VISION = "model.vision_tower.vision_model.";
    public static final String PROJECTOR = "model.multi_modal_projector.";
    public static final String LM_HEAD = "lm_head.weight";
    public static final String IMAGE_NEWLINE = "model.image_newline";
    private static final String TOWER = "model.vision_tower.";

    private WeightNames() {}

    /** The canonical name of a tensor name found in a file, or empty for a tensor the runtime ignores. */
    public static Optional<String> canonical(String name) {
        String c;
        if (name.startsWith("language_model.model.")) {
            c = TEXT + name.substring("language_model.model.".length());
        } else if (name.equals("language_model.lm_head.weight")) {
            c = LM_HEAD;
        } else if (name.startsWith("vision_tower.") || name.startsWith("multi_modal_projector.")
                || name.equals("image_newline")) {
            c = "model." + name;
        } else if (name.startsWith(TEXT) || name.startsWith(TOWER) || name.startsWith(PROJECTOR) || name.equals(LM_HEAD)
                || name.equals(IMAGE_NEWLINE)) {
            c = name;
        } else {
            return Optional.empty();
        }
        if (c.startsWith(TOWER) && !c.startsWith(VISION)) {
            c = VISION + c.substring(TOWER.length());
        }
        // Non-persistent buffers some exports include (RoPE inverse frequencies, CLIP position ids).
        if (c.endsWith(".inv_freq") || c.endsWith("embeddings.position_ids")) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    /** The name the published checkpoints use for a canonical name (for error messages). */
    public static String published(String canonical) {
        if (canonical.equals(LM_HEAD)) {
            return "language_model.lm_head.weight";
        }
        if (canonical.startsWith(TEXT)) {
            return "language_model.model." + canonical.substring(TEXT.length());
        }
        return canonical.startsWith("model.") ? canonical.substring("model.".length()) : canonical;
    }
}
