package io.iwpspark.lvlm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.nn.Linear;
import io.iwpspark.lvlm.nn.Norms.RmsNorm;

/** One pre-norm LLaMA decoder layer: x + attn(norm(x)), then + SwiGLU(norm(x)). */
public final class LlamaLayer {
    private final TextConfig cfg;
    private final RmsNorm inputNorm; // (D)
    private final RmsNorm postAttentionNorm; // (D)
    private final Linear q; // D -> H * d
    private final Linear k; // D -> Hkv * d
    private final Linear v; // D -> Hkv * d
    private final Linear o; // H * d -> D
    private final Linear gate; // D -> F
    private final Linear up; // D -> F
    private final Linear down; // F -> D

    public LlamaLayer(Checkpoint c, NDManager m, DataType t, TextConfig cfg, int index) throws CheckpointException {
        this.cfg = cfg;
        String p = "model.language_model.layers." + index + ".";
        int dim = cfg.hidden();
        int qDim = cfg.heads() * cfg.headDim();
        int kvDim = cfg.kvHeads() * cfg.headDim();
        inputNorm = RmsNorm.load(c, m, t, p + "input_layernorm", dim, cfg.rmsNormEps());
        postAttentionNorm = RmsNorm.load(c, m, t, p + "post_attention_layernorm", dim, cfg.rmsNormEps());
        q = Linear.load(c, m, t, p + "self_attn.q_proj", dim, qDim, false);
        k = Linear.load(c, m, t, p + "self_attn.k_proj", dim, kvDim, false);
        v = Linear.load(c, m, t, p + "self_attn.v_proj", dim, kvDim, false);
        o = Linear.load(c, m, t, p + "self_attn.o_proj", qDim, dim, false);
        gate = Linear.load(c, m, t, p + "mlp.gate_proj", dim, cfg.intermediate(), false);
        up = Linear.load(c, m, t, p + "mlp.up_proj", dim, cfg.intermediate(), false);
        down = Linear.load(c, m, t, p + "mlp.down_proj", cfg.intermediate(), dim, false);
    }

    /**
     * Runs the layer on S new tokens, appending their keys and values to the cache.
     *
     * @param x (S, D) hidden states entering the layer
     * @param cosSin cos, sin (S, d) of the new tokens' positions
     * @param mask (S, past + S) additive causal mask, or null for one token
     * @return (S, D) hidden states leaving the layer
     */
    public NDArray forward(NDArray x, NDList cosSin, NDArray mask, KvCache cache, int layer) {
        NDArray h = inputNorm.apply(x);
        NDArray queries = Rope.apply(heads(q.apply(h), cfg.heads()), cosSin.get(0), cosSin.get(1));
        NDArray[] kv = keysValues(h, cosSin, true);
        NDArray[] full = cache.append(layer, kv[0], kv[1]);
        NDArray probs = Attention.probabilities(queries, full[0], mask); // (H, S, T)
        NDArray attn = Attention.output(probs, full[1]); // (H, S, d)
        long s = x.getShape().get(0);
        NDArray merged = attn.transpose(1, 0, 2).reshape(s, (long) cfg.heads() * cfg.headDim());
        NDArray mid = x.add(o.apply(merged));
        NDArray h2 = postAttentionNorm.apply(mid);
        NDArray g = gate.apply(h2);
        NDArray act = g.mul(Activation.sigmoid(g)).muli(up.apply(h2)); // silu(gate) * up
        return mid.addi(down.apply(act));
    }

    /**
     * Keys and values (Hkv, S, d) of normalised hidden states h (S, D); keys rotated when
     * {@code rotate} (what attention uses) or not (the "keys before RoPE" a pruner may ask for).
     */
    public NDArray[] keysValues(NDArray h, NDList cosSin, boolean rotate) {
        NDArray keys = heads(k.apply(h), cfg.kvHeads());
        if (rotate) {
            keys = Rope.apply(keys, cosSin.get(0), cosSin.get(1));
        }
        return new NDArray[] {keys, heads(v.apply(h), cfg.kvHeads())};
    }

    /** Rotated queries (H, S, d) of normalised hidden states h (S, D). */
    public NDArray queries(NDArray h, NDList cosSin) {
        return Rope.apply(heads(q.apply(h), cfg.heads()), cosSin.get(0), cosSin.get(1));
    }

    public RmsNorm inputNorm() {
        return inputNorm;
    }

    /** (S, n * d) -> (n, S, d). */
    private NDArray heads(NDArray x, int n) {
        return x.reshape(x.getShape().get(0), n, cfg.headDim()).transpose(1, 0, 2);
    }
}
