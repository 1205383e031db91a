package io.iwpspark.lvlm.checkpoint;

import io.iwpspark.pruning.flops.DecoderShape;

/**
 * A LLaMA-style decoder's configuration (a Hugging Face {@code text_config} of model_type llama,
 * mistral or qwen2, defaults filled as transformers fills them). The three differ only in what is
 * recorded here: Qwen2 adds biases to the q/k/v projections, Mistral may limit attention to a
 * sliding window.
 *
 * @param vocabSize V, rows of the embedding and of the LM head
 * @param hidden D, the residual stream width
 * @param intermediate the SwiGLU width (gate/up output)
 * @param layers decoder layers
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention when below heads)
 * @param headDim d, per head
 * @param rmsNormEps epsilon of every RMSNorm
 * @param ropeTheta base of the rotary frequencies
 * @param maxPositions largest position the model was trained for
 * @param tieWordEmbeddings the LM head reuses the token embedding
 * @param qkvBias the q, k and v projections carry biases (Qwen2)
 * @param slidingWindow a query sees the last {@code slidingWindow} cached tokens only (0 = all)
 * @param rope the rotary frequency scaling
 */
public record TextConfig(int vocabSize, int hidden, int intermediate, int layers, int heads, int kvHeads,
        int headDim, double rmsNormEps, double ropeTheta, int maxPositions, boolean tieWordEmbeddings,
        boolean qkvBias, int slidingWindow, RopeScaling rope) {
    public TextConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hidden);
        positive("intermediate_size", intermediate);
        positive("num_hidden_layers", layers);
        positive("num_attention_heads", heads);
        positive("num_key_value_heads", kvHeads);
        positive("head_dim", headDim);
        positive("max_position_embeddings", maxPositions);
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("text_config: num_attention_heads (" + heads
                    + ") must be a multiple of num_key_value_heads (" + kvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("text_config: head_dim must be even for RoPE, found " + headDim);
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
            throw new IllegalArgumentException("text_config: rms_norm_eps and rope_theta must be > 0, found "
                    + rmsNormEps + " and " + ropeTheta);
        }
        if (slidingWindow < 0) {
            throw new IllegalArgumentException("text_config: sliding_window must be >= 0, found " + slidingWindow);
        }
        if (rope == null) {
            throw new IllegalArgumentException("text_config: rope scaling must be set (RopeScaling.NONE for none)");
        }
    }

    /** A LLaMA decoder without biases, window or rope scaling. */
    public static TextConfig llama(int vocabSize, int hidden, int intermediate, int layers, int heads, int kvHeads,
            int headDim, double rmsNormEps, double ropeTheta, int maxPositions, boolean tieWordEmbeddings) {
        return new TextConfig(vocabSize, hidden, intermediate, layers, heads, kvHeads, headDim, rmsNormEps, ropeTheta,
                maxPositions, tieWordEmbeddings, false, 0, RopeScaling.NONE);
    }

    /** The sizes that set the decoder's compute (pruning-core's FLOPs model). */
    public DecoderShape shape() {
        return new DecoderShape(layers, hidden, intermediate, heads, kvHeads);
    }

    static void positive(String key, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("config key " + key + " must be > 0, found " + v);
        }
    }
}
