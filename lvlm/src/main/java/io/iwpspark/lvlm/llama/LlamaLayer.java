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
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.DecoderLayer;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.PaddedKv;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.nn.Linear;
import io.iwpspark.lvlm.nn.Norms.RmsNorm;
import java.util.List;

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
                layer, false);
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
     * @param lastOnly only each sequence's last row leaves the layer; every row's keys and values are cached
     * @return (N, D) hidden states leaving the layer, or (B, D) those of each sequence's last row
     */
    NDArray forward(NDArray x, NDList cosSin, int[] lengths, NDArray[] masks, KvCache[] caches, int layer,
            boolean lastOnly) {
        return forward(x, cosSin, (q, k, v) -> lengths.length == 1 ? attend(q, k, v, masks[0], caches[0], layer)
                : attendEach(q, k, v, lengths, masks, caches, layer), lastOnly ? Decoder.lastRows(lengths) : null);
    }

    /**
     * As {@link #forward(NDArray, NDList, int[], NDArray[], KvCache[], int, boolean)} when every sequence's cache is
     * empty at this layer: attention of each group of sequences at once over their rows padded to the
     * group's longest, Smax_g.
     *
     * @param lengths (B) new tokens of each sequence, each at least 1
     * @param groups the sequences attending together ({@link io.iwpspark.lvlm.decoder.PadGroups})
     * @param masks per group: (B_g, Smax_g, Smax_g) {@link Attention#paddedCausalMask} of its members' lengths
     *     ((B_g, 1, Smax_g) {@link Attention#paddedLastRowMask} when {@code lastOnly}), or null for none
     */
    NDArray forwardPadded(NDArray x, NDList cosSin, int[] lengths, List<int[]> groups, NDArray[] masks,
            KvCache[] caches, int layer, boolean lastOnly) {
        return forward(x, cosSin, (q, k, v) -> attendPadded(q, k, v, lengths, groups, masks, caches, layer,
                lastOnly), lastOnly ? Decoder.lastRows(lengths) : null);
    }

    /** Attention (H, N, d) of queries (H, N, d) over new keys and values (Hkv, N, d), which it also caches. */
    private interface Attend {
        NDArray apply(NDArray queries, NDArray keys, NDArray values);
    }

    /**
     * @param out null for every row, else the rows (ascending) whose output (o projection and MLP included) is
     *     wanted; {@code attention} gives either every row's output or those rows' alone
     */
    private NDArray forward(NDArray x, NDList cosSin, Attend attention, int[] out) {
        long heads = cfg.heads();
        long kvHeads = cfg.kvHeads();
        NDArray h = inputNorm.apply(x);
        NDList qkAndV = heads(qkv.apply(h), heads + 2 * kvHeads).split(new long[] {heads + kvHeads}, 0);
        // queries and keys are adjacent heads: one rotation pass for both
        NDList qAndK = Rope.apply(qkAndV.get(0), cosSin.get(0), cosSin.get(1)).split(new long[] {heads}, 0);
        NDArray attn = attention.apply(qAndK.get(0), qAndK.get(1), qkAndV.get(1)); // (H, N, d)
        if (out != null) { // the other rows' keys and values are cached; their outputs are not needed
            NDArray rows = attn.getManager().create(out);
            if (attn.getShape().get(1) != out.length) { // an attention that gave every row's output
                attn = attn.get(new NDIndex(":, {}", rows)); // (H, R, d)
            }
            x = x.get(new NDIndex("{}", rows)); // (R, D)
        }
        long s = x.getShape().get(0);
        return mlp(x, attn.transpose(1, 0, 2).reshape(s, heads * cfg.headDim()));
    }

    /** x + o(merged), then + SwiGLU(norm(.)): merged (N, H * d) attention outputs, heads side by side; (N, D). */
    private NDArray mlp(NDArray x, NDArray merged) {
        NDArray mid = x.add(o.apply(merged));
        NDList gu = gateUp.apply(postAttentionNorm.apply(mid)).split(2, 1); // (N, F) each
        NDArray g = gu.get(0);
        NDArray act = g.mul(Activation.sigmoid(g)).muli(gu.get(1)); // silu(gate) * up
        return mid.addi(down.apply(act));
    }

    /**
     * One decoding step of B sequences, one new token each, against their padded caches (the new keys and
     * values are appended there). Rows stay first throughout: the projection (B, (H + 2 Hkv) d) is viewed
     * as (B, H + 2 Hkv, d), so query heads group as (B, Hkv, rep, d) and the output is already (B, H d).
     *
     * @param x (B, D) hidden states entering the layer
     * @param cos (B, 1, d) cos of each row's position
     * @param signedSin (B, 1, d) sign-folded sin of each row's position
     * @param mask (B, 1, 1, T + 1) additive mask over the padded keys ({@link PaddedKv#stepMasks}), or null
     * @return (B, D) hidden states leaving the layer
     */
    NDArray decode(NDArray x, NDArray cos, NDArray signedSin, NDArray mask, PaddedKv kv, int layer) {
        long b = x.getShape().get(0);
        long heads = cfg.heads();
        long kvHeads = cfg.kvHeads();
        long d = cfg.headDim();
        NDArray all = qkv.apply(inputNorm.apply(x)).reshape(b, heads + 2 * kvHeads, d);
        NDList qkAndV = all.split(new long[] {heads + kvHeads}, 1);
        NDList qAndK = Rope.apply(qkAndV.get(0), cos, signedSin).split(new long[] {heads}, 1); // (B, H | Hkv, d)
        NDArray[] full = kv.append(layer, qAndK.get(1).reshape(b, kvHeads, 1, d),
                qkAndV.get(1).reshape(b, kvHeads, 1, d)); // (B, Hkv, T + 1, d) each
        NDArray q = qAndK.get(0).reshape(b, kvHeads, heads / kvHeads, d); // query head h reads group h / rep
        NDArray out = Attention.batched(q, full[0], full[1], mask); // (B, Hkv, rep, d)
        return mlp(x, out.reshape(b, heads * d));
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

    /**
     * Attention (H, N, d) of B sequences whose caches are empty at this layer, a group at a time: the group's
     * rows gathered into (B_g, Smax_g) slots (a pad copies its sequence's first row; the mask keeps it out of
     * every real row), the groups' outputs side by side, then one gather back to the N rows drops the pads.
     * Each sequence's keys and values go to its cache as views of one contiguous copy of the batch's, so the
     * projection itself is not kept. With {@code lastOnly} only each sequence's last row queries, (B_g, 1) per
     * group against {@link Attention#paddedLastRowMask}s: the result is (H, B, d), sequence by sequence.
     */
    private static NDArray attendPadded(NDArray queries, NDArray keys, NDArray values, int[] lengths,
            List<int[]> groups, NDArray[] masks, KvCache[] caches, int layer, boolean lastOnly) {
        int b = lengths.length;
        int[] start = new int[b + 1]; // (B + 1) first row of each sequence, then N
        long[] ends = new long[b - 1]; // split points: where sequences 1 .. B-1 start
        for (int i = 0; i < b; i++) {
            start[i + 1] = start[i] + lengths[i];
            if (i < b - 1) {
                ends[i] = start[i + 1];
            }
        }
        NDList ownK = keys.duplicate().split(ends, 1);
        NDList ownV = values.duplicate().split(ends, 1);
        for (int i = 0; i < b; i++) {
            caches[i].append(layer, ownK.get(i), ownV.get(i));
        }
        NDManager m = queries.getManager();
        long heads = queries.getShape().get(0);
        long kvHeads = keys.getShape().get(0);
        long d = queries.getShape().get(2);
        int[] unpad = new int[lastOnly ? b : start[b]]; // (N, or B) slot of each output row among all groups' slots
        NDList outs = new NDList(groups.size());
        int base = 0;
        for (int g = 0; g < groups.size(); g++) {
            int[] members = groups.get(g);
            int smax = 0;
            for (int i : members) {
                smax = Math.max(smax, lengths[i]);
            }
            int qs = lastOnly ? 1 : smax; // query slots per member
            int[] pad = new int[members.length * smax]; // (B_g * Smax_g) row each slot takes
            int[] asked = new int[members.length]; // (B_g) each member's last row
            for (int j = 0; j < members.length; j++) {
                int i = members[j];
                for (int t = 0; t < smax; t++) {
                    pad[j * smax + t] = start[i] + (t < lengths[i] ? t : 0);
                }
                asked[j] = start[i + 1] - 1;
                if (lastOnly) {
                    unpad[i] = base + j;
                } else {
                    for (int t = 0; t < lengths[i]; t++) {
                        unpad[start[i] + t] = base + j * smax + t;
                    }
                }
            }
            base += members.length * qs;
            NDIndex slots = new NDIndex(":, {}", m.create(pad));
            NDIndex querySlots = lastOnly ? new NDIndex(":, {}", m.create(asked)) : slots;
            long bg = members.length;
            // (Hkv, rep, B_g, Sq, d) queries against (Hkv, 1, B_g, Smax, d) keys, values: a group of heads shares keys
            NDArray q = queries.get(querySlots).reshape(kvHeads, heads / kvHeads, bg, qs, d);
            NDArray k = keys.get(slots).reshape(kvHeads, 1, bg, smax, d);
            NDArray v = values.get(slots).reshape(kvHeads, 1, bg, smax, d);
            outs.add(Attention.batched(q, k, v, masks[g]).reshape(heads, bg * qs, d)); // (H, B_g * Sq, d)
        }
        NDArray all = outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 1); // (H, sum B_g Smax_g, d)
        return all.get(new NDIndex(":, {}", m.create(unpad))); // (H, N, d)
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
