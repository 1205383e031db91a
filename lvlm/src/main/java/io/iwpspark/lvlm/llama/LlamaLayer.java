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
    private final Linear qkv; // D -> (H + 2 Hkv) * d: q, k, v stacked, one product per layer
    private final Linear q; // D -> H * d, a view of qkv's columns (the hook's queries)
    private final Linear kv; // D -> 2 Hkv * d, a view of qkv's columns (the hook's keys and values)
    private final Linear o; // H * d -> D
    private final Linear gateUp; // D -> 2F: gate, up stacked
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
        String a = p + "self_attn.";
        qkv = Linear.fused(c, m, t, new String[] {a + "q_proj", a + "k_proj", a + "v_proj"}, dim,
                new int[] {qDim, kvDim, kvDim}, cfg.qkvBias());
        q = qkv.columns(0, qDim);
        kv = qkv.columns(qDim, qDim + 2L * kvDim);
        o = Linear.load(c, m, t, a + "o_proj", qDim, dim, false);
        gateUp = Linear.fused(c, m, t, new String[] {p + "mlp.gate_proj", p + "mlp.up_proj"}, dim,
                new int[] {cfg.intermediate(), cfg.intermediate()}, false);
        down = Linear.load(c, m, t, p + "mlp.down_proj", cfg.intermediate(), dim, false);
    }

    /**
     * Runs the layer on S new tokens, appending their keys and values to the cache.
     *
     * @param x (S, D) hidden states entering the layer
     * @param cosSin cos, sign-folded sin (S, d) of the new tokens' positions ({@link Rope#cosSin})
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
     * @param cosSin cos, sign-folded sin (N, d) of every row's position ({@link Rope#cosSin})
     * @param lengths (B) new tokens of each sequence
     * @param masks (B) additive mask (S_b, past_b + S_b) of each sequence, or null entries for none
     * @param caches (B) each sequence's cache
     * @return (N, D) hidden states leaving the layer
     */
    NDArray forward(NDArray x, NDList cosSin, int[] lengths, NDArray[] masks, KvCache[] caches, int layer) {
        long heads = cfg.heads();
        long kvHeads = cfg.kvHeads();
        NDArray h = inputNorm.apply(x);
        NDList qkAndV = heads(qkv.apply(h), heads + 2 * kvHeads).split(new long[] {heads + kvHeads}, 0);
        // queries and keys are adjacent heads: one rotation pass for both
        NDList qAndK = Rope.apply(qkAndV.get(0), cosSin.get(0), cosSin.get(1)).split(new long[] {heads}, 0);
        NDArray queries = qAndK.get(0); // (H, N, d)
        NDArray keys = qAndK.get(1); // (Hkv, N, d)
        NDArray values = qkAndV.get(1); // (Hkv, N, d)
        NDArray attn = lengths.length == 1 ? attend(queries, keys, values, masks[0], caches[0], layer)
                : attendEach(queries, keys, values, lengths, masks, caches, layer); // (H, N, d)
        long s = x.getShape().get(0);
        NDArray merged = attn.transpose(1, 0, 2).reshape(s, heads * cfg.headDim());
        NDArray mid = x.add(o.apply(merged));
        NDList gu = gateUp.apply(postAttentionNorm.apply(mid)).split(2, 1); // (N, F) each
        NDArray g = gu.get(0);
        NDArray act = g.mul(Activation.sigmoid(g)).muli(gu.get(1)); // silu(gate) * up
        return mid.addi(down.apply(act));
    }

    /** One sequence's attention output (H, S, d): its keys, values (Hkv, S, d) appended to its cache first. */
    private static NDArray attend(NDArray queries, NDArray k, NDArray v, NDArray mask, KvCache cache, int layer) {
        if (cache.length(layer) == 0) {
            // an empty cache would keep these views as they are, and with them the whole projection: copy them out
            k = k.duplicate();
            v = v.duplicate();
        }
        NDArray[] full = cache.append(layer, k, v);
        NDArray probs = Attention.probabilities(queries, full[0], mask); // (H, S, T)
        return Attention.output(probs, full[1]); // (H, S, d)
    }

    /** Attention of each sequence of a ragged batch over its own rows [at, at + S_b), outputs side by side (H, N, d). */
    private static NDArray attendEach(NDArray queries, NDArray keys, NDArray values, int[] lengths, NDArray[] masks,
            KvCache[] caches, int layer) {
        NDList outs = new NDList(lengths.length);
        int at = 0;
        for (int b = 0; b < lengths.length; b++) {
            NDIndex rows = new NDIndex(":, {}:{}", at, at + lengths[b]);
            outs.add(attend(queries.get(rows), keys.get(rows), values.get(rows), masks[b], caches[b], layer));
            at += lengths[b];
        }
        return NDArrays.concat(outs, 1);
    }

    @Override
    public NDArray[] keysValues(NDManager m, NDArray x, Positions positions, boolean rotate) {
        NDList kAndV = heads(kv.apply(inputNorm.apply(x)), 2L * cfg.kvHeads()).split(2, 0);
        NDArray keys = kAndV.get(0);
        if (rotate) {
            NDList cs = rope.cosSin(m, positions);
            keys = Rope.apply(keys, cs.get(0), cs.get(1));
        }
        return new NDArray[] {keys, kAndV.get(1)};
    }

    @Override
    public NDArray queries(NDManager m, NDArray x, Positions positions) {
        NDList cs = rope.cosSin(m, positions);
        return Rope.apply(heads(q.apply(inputNorm.apply(x)), cfg.heads()), cs.get(0), cs.get(1));
    }

    /** (S, n * d) -> (n, S, d). */
    private NDArray heads(NDArray x, long n) {
        return x.reshape(x.getShape().get(0), n, cfg.headDim()).transpose(1, 0, 2);
    }
}
