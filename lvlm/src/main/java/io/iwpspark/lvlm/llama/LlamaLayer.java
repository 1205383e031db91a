package io.iwpspark.lvlm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
        return forward(x, cosSin, new int[] {(int) x.getShape().get(0)}, new NDArray[] {mask}, new KvCache[] {cache},
                layer);
    }

    /**
     * Runs the layer on a ragged batch: B sequences' new tokens, rows one after another. Norms,
     * projections and the MLP are row-wise, so they run once on all N rows (the weights are read once);
     * attention runs per sequence, against that sequence's cache and mask.
     *
     * @param x (N, D) hidden states entering the layer, N = sum of lengths
     * @param cosSin cos, sin (N, d) of every row's position
     * @param lengths (B) new tokens of each sequence
     * @param masks (B) additive mask (S_b, past_b + S_b) of each sequence, or null entries for none
     * @param caches (B) each sequence's cache
     * @return (N, D) hidden states leaving the layer
     */
    NDArray forward(NDArray x, NDList cosSin, int[] lengths, NDArray[] masks, KvCache[] caches, int layer) {
        NDArray h = inputNorm.apply(x);
        NDArray queries = Rope.apply(heads(q.apply(h), cfg.heads()), cosSin.get(0), cosSin.get(1));
        NDArray[] kv = project(h, cosSin, true);
        NDArray attn = lengths.length == 1 ? attend(queries, kv[0], kv[1], masks[0], caches[0], layer)
                : attendEach(queries, kv, lengths, masks, caches, layer); // (H, N, d)
        long s = x.getShape().get(0);
        NDArray merged = attn.transpose(1, 0, 2).reshape(s, (long) cfg.heads() * cfg.headDim());
        NDArray mid = x.add(o.apply(merged));
        NDArray h2 = postAttentionNorm.apply(mid);
        NDArray g = gate.apply(h2);
        NDArray act = g.mul(Activation.sigmoid(g)).muli(up.apply(h2)); // silu(gate) * up
        return mid.addi(down.apply(act));
    }

    /** One sequence's attention output (H, S, d): its keys, values (Hkv, S, d) appended to its cache first. */
    private static NDArray attend(NDArray queries, NDArray k, NDArray v, NDArray mask, KvCache cache, int layer) {
        NDArray[] full = cache.append(layer, k, v);
        NDArray probs = Attention.probabilities(queries, full[0], mask); // (H, S, T)
        return Attention.output(probs, full[1]); // (H, S, d)
    }

    /** Attention of each sequence of a ragged batch over its own rows [at, at + S_b), outputs side by side (H, N, d). */
    private static NDArray attendEach(NDArray queries, NDArray[] kv, int[] lengths, NDArray[] masks, KvCache[] caches,
            int layer) {
        NDList outs = new NDList(lengths.length);
        int at = 0;
        for (int b = 0; b < lengths.length; b++) {
            NDIndex rows = new NDIndex(":, {}:{}", at, at + lengths[b]);
            NDArray k = kv[0].get(rows);
            NDArray v = kv[1].get(rows);
            if (caches[b].length(layer) == 0) {
                // an empty cache would keep this slice, a view that holds every sequence's keys alive
                k = k.duplicate();
                v = v.duplicate();
            }
            outs.add(attend(queries.get(rows), k, v, masks[b], caches[b], layer));
            at += lengths[b];
        }
        return NDArrays.concat(outs, 1);
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
