package io.iwpspark.lvlm.checkpoint;

/**
 * The LLaMA decoder's configuration (a Hugging Face {@code text_config}, defaults filled as
 * transformers' LlamaConfig fills them).
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
 * @param maxPositions largest position the model was trained for (informational)
 * @param tieWordEmbeddings the LM head reuses the token embedding
 */
public record TextConfig(int vocabSize, int hidden, int intermediate, int layers, int heads, int kvHeads,
        int headDim, double rmsNormEps, double ropeTheta, int maxPositions, boolean tieWordEmbeddings) {
    public TextConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hidden);
        positive("intermediate_size", intermediate);
        positive("num_hidden_layers", layers);
        positive("num_attention_heads", heads);
        positive("num_key_value_heads", kvHeads);
        positive("head_dim", headDim);
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
    }

    static void positive(String key, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("config key " + key + " must be > 0, found " + v);
        }
    }
}
