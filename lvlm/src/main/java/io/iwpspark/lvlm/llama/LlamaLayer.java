package io.iwpspark.lvlm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.decoder.Attention;
import io.iwpspark.lvlm.decoder.DecoderLayer;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.nn.Linear;
import io.iwpspark.lvlm.nn.Norms.RmsNorm;

/**
 * One pre-norm LLaMA decoder layer: x + attn(norm(x)), then + SwiGLU(norm(x)). Mistral's layer is the
 * same; Qwen2's adds biases to the q, k and v projections.
 */
public final class LlamaLayer implements DecoderLayer {
    private final TextConfig cfg;
    private final Rope rope;
    private final RmsNorm inputNorm; // (D)
    private final RmsNorm postAttentionNorm; // (D)
    private final Linear q; // D -> H * d
    private final Linear k; // D -> Hkv * d
    private final Linear v; // D -> Hkv * d
    private final Linear o; // H * d -> D
    private final Linear gate; // D -> F
    private final Linear up; // D -> F
    private final Linear down; // F -> D

    LlamaLayer(Checkpoint c, NDManager m, DataType t, TextConfig cfg, Rope rope, int index) throws CheckpointException {
        this.cfg = cfg;
        this.rope = rope;
        String p = WeightNames.TEXT + "layers." + index + ".";
        int dim = cfg.hidden();
        int qDim = cfg.heads() * cfg.headDim();
        int kvDim = cfg.kvHeads() * cfg.headDim();
        inputNorm = RmsNorm.load(c, m, t, p + "input_layernorm", dim, cfg.rmsNormEps());
        postAttentionNorm = RmsNorm.load(c, m, t, p + "post_attention_layernorm", dim, cfg.rmsNormEps());
        q = Linear.load(c, m, t, p + "self_attn.q_proj", dim, qDim, cfg.qkvBias());
        k = Linear.load(c, m, t, p + "self_attn.k_proj", dim, kvDim, cfg.qkvBias());
        v = Linear.load(c, m, t, p + "self_attn.v_proj", dim, kvDim, cfg.qkvBias());
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
     * @param mask (S, past + S) additive mask, or null for none
     * @return (S, D) hidden states leaving the layer
     */
    NDArray forward(NDArray x, NDList cosSin, NDArray mask, KvCache cache, int layer) {
        NDArray h = inputNorm.apply(x);
        NDArray queries = Rope.apply(heads(q.apply(h), cfg.heads()), cosSin.get(0), cosSin.get(1));
        NDArray[] kv = project(h, cosSin, true);
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

    @Override
    public NDArray[] keysValues(NDManager m, NDArray x, Positions positions, boolean rotate) {
        return project(inputNorm.apply(x), rope.cosSin(m, positions), rotate);
    }

    @Override
    public NDArray queries(NDManager m, NDArray x, Positions positions) {
        NDList cs = rope.cosSin(m, positions);
        return Rope.apply(heads(q.apply(inputNorm.apply(x)), cfg.heads()), cs.get(0), cs.get(1));
    }

    /** Keys (rotated or not) and values (Hkv, S, d) of normalised hidden states h (S, D). */
    private NDArray[] project(NDArray h, NDList cosSin, boolean rotate) {
        NDArray keys = heads(k.apply(h), cfg.kvHeads());
        if (rotate) {
            keys = Rope.apply(keys, cosSin.get(0), cosSin.get(1));
        }
        return new NDArray[] {keys, heads(v.apply(h), cfg.kvHeads())};
    }

    /** (S, n * d) -> (n, S, d). */
    private NDArray heads(NDArray x, int n) {
        return x.reshape(x.getShape().get(0), n, cfg.headDim()).transpose(1, 0, 2);
    }
}
