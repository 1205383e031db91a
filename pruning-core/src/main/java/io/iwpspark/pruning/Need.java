package io.iwpspark.pruning;

/**
 * What a pruner asks the runtime for at a stage. The runtime fills exactly these fields of
 * {@link PruneInputs}; shapes are those of the visual tokens still present at that stage.
 *
 * <p>Notation: N visual tokens, T text tokens (the prompt tokens after the visual block, i.e. the
 * instruction), G key/value groups (KV heads of the stage layer; heads x layers when a pruner asks for
 * several layers), d head dimension, D decoder hidden size, Dv vision-tower hidden size. "Stage layer"
 * l means the tokens are pruned before decoder layer l runs (0 = before the decoder).
 */
public enum Need {
    /** {@code keys} (G, N, d) and {@code values} (G, N, d) of layer l, computed from the hidden states entering l. */
    VISUAL_KV,
    /** {@code textKeys} (G, T, d) of layer l, same projection and RoPE choice as VISUAL_KV. */
    TEXT_KEYS,
    /** {@code lastTokenAttention} (N): attention of the last prompt token to each visual token in layer l-1, mean over heads. */
    LAST_TOKEN_ATTENTION,
    /**
     * {@code lastTokenAttentionAtStage} (N): attention of the last prompt token to each visual token computed with
     * layer l's own input norm, query/key projections and RoPE on the hidden states entering l (softmax over every
     * key of the current sequence, the last token's causal row), mean over heads. Served at l = 0 too.
     */
    LAST_TOKEN_ATTENTION_AT_STAGE,
    /** {@code textToVisualAttention} (T, N): attention of each text token to each visual token in layer l-1, mean over heads. */
    TEXT_TO_VISUAL_ATTENTION,
    /** {@code clsAttention} (N): vision tower, attention of CLS to each patch at the feature layer, summed over heads. */
    CLS_ATTENTION,
    /**
     * {@code visionAttention} (N): vision tower, attention each token receives at the feature layer, mean over
     * heads and over the attending tokens (HoliTom's score; a pooled token carries the pooling's mix of it).
     */
    VISION_ATTENTION,
    /** {@code visionKeys} (N, Dv): vision tower keys at the feature layer, mean over heads (token similarity). */
    VISION_KEYS,
    /** {@code visionFeatures} (N, Dv): the vision tower features that the projector takes. */
    VISION_FEATURES,
    /** {@code visualHidden} (N, D): hidden states of the visual tokens entering layer l (projected embeddings at l = 0). */
    VISUAL_HIDDEN,
    /** {@code textHidden} (T, D): hidden states of the text tokens entering layer l (token embeddings at l = 0). */
    TEXT_HIDDEN
}
