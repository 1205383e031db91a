package io.iwpspark.lvlm.llama;

import io.iwpspark.lvlm.checkpoint.ExpectedWeights;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;

/**
 * The tensors {@link LlamaDecoder} and {@link LlamaLayer} read, with the shapes a {@link TextConfig}
 * implies (transformers' LlamaModel / MistralModel / Qwen2Model state dicts): q is (H * d, D), k and v
 * (Hkv * d, D) under grouped-query attention, biased for Qwen2; the LM head is (V, D) and may be absent
 * when the embeddings are tied.
 */
public final class LlamaWeights {
    private LlamaWeights() {}

    public static void expect(ExpectedWeights.Builder b, TextConfig cfg) {
        String p = WeightNames.TEXT;
        int dim = cfg.hidden();
        int qDim = cfg.heads() * cfg.headDim();
        int kvDim = cfg.kvHeads() * cfg.headDim();
        b.tensor(p + "embed_tokens.weight", cfg.vocabSize(), dim);
        for (int i = 0; i < cfg.layers(); i++) {
            String l = p + "layers." + i + ".";
            b.rmsNorm(l + "input_layernorm", dim).rmsNorm(l + "post_attention_layernorm", dim)
                    .linear(l + "self_attn.q_proj", dim, qDim, cfg.qkvBias())
                    .linear(l + "self_attn.k_proj", dim, kvDim, cfg.qkvBias())
                    .linear(l + "self_attn.v_proj", dim, kvDim, cfg.qkvBias())
                    .linear(l + "self_attn.o_proj", qDim, dim, false)
                    .linear(l + "mlp.gate_proj", dim, cfg.intermediate(), false)
                    .linear(l + "mlp.up_proj", dim, cfg.intermediate(), false)
                    .linear(l + "mlp.down_proj", cfg.intermediate(), dim, false);
        }
        b.rmsNorm(p + "norm", dim);
        if (cfg.tieWordEmbeddings()) {
            b.optional(WeightNames.LM_HEAD, cfg.vocabSize(), dim);
        } else {
            b.tensor(WeightNames.LM_HEAD, cfg.vocabSize(), dim);
        }
    }
}
