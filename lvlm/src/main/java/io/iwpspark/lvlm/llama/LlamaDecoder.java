package io.iwpspark.lvlm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.decoder.Attention;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.PadGroups;
import io.iwpspark.lvlm.decoder.PaddedKv;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.nn.Norms.RmsNorm;
import io.iwpspark.lvlm.nn.Scope;
import io.iwpspark.pruning.flops.DecoderShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A LLaMA-style decoder (model_type llama, mistral or qwen2): token embedding, layers, final norm,
 * LM head, 1-D rotary positions. The generation loop lives in the callers.
 */
public final class LlamaDecoder implements Decoder {
    private final TextConfig cfg;
    private final NDArray embedding; // (V, D)
    private final List<LlamaLayer> layers;
    private final RmsNorm norm; // (D)
    private final NDArray lmHeadT; // (D, V)
    private final Rope rope;
    private final ThreadLocal<LayerTables> tables = ThreadLocal.withInitial(LayerTables::new);

    public LlamaDecoder(Checkpoint c, NDManager m, DataType t, TextConfig cfg) throws CheckpointException {
        this.cfg = cfg;
        String p = WeightNames.TEXT;
        embedding = c.load(m, t, p + "embed_tokens.weight", cfg.vocabSize(), cfg.hidden());
        rope = Rope.create(m, cfg.headDim(), cfg.ropeTheta(), cfg.rope(), t, cfg.maxPositions());
        layers = new ArrayList<>();
        for (int i = 0; i < cfg.layers(); i++) {
            layers.add(new LlamaLayer(c, m, t, cfg, rope, i));
        }
        norm = RmsNorm.load(c, m, t, p + "norm", cfg.hidden(), cfg.rmsNormEps());
        NDArray head = cfg.tieWordEmbeddings() && !c.has(WeightNames.LM_HEAD) ? embedding
                : c.load(m, t, WeightNames.LM_HEAD, cfg.vocabSize(), cfg.hidden());
        lmHeadT = head.transpose();
    }

    public TextConfig config() {
        return cfg;
    }

    @Override
    public int layers() {
        return cfg.layers();
    }

    @Override
    public int vocabSize() {
        return cfg.vocabSize();
    }

    @Override
    public int maxPositions() {
        return cfg.maxPositions();
    }

    @Override
    public LlamaLayer layer(int i) {
        return layers.get(i);
    }

    @Override
    public NDArray embed(NDManager m, int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= cfg.vocabSize()) {
                throw new IllegalArgumentException("token id must be in [0, " + cfg.vocabSize() + "), found " + id);
            }
        }
        return embedding.get(m, new NDIndex("{}", m.create(ids)));
    }

    @Override
    public NDArray step(int layer, NDManager target, NDArray x, Positions positions, KvCache cache) {
        return step(layer, target, x, positions, cache, null);
    }

    @Override
    public NDArray step(int layer, NDManager target, NDArray x, Positions positions, KvCache cache, NDArray keyMask) {
        try (Scope s = Scope.open(target, x)) {
            NDList cosSin = cosSin(target, positions);
            int past = cache.length(layer);
            NDArray mask = tables.get().masks(target, new MaskKey(MaskKind.CAUSAL, new int[] {positions.length()},
                    new int[] {past}), m -> new NDArray[] {
                        Attention.causalMask(m, positions.length(), past, cfg.slidingWindow())})[0];
            if (keyMask != null && mask != null) {
                mask = keyMask.add(mask); // (S, T)
                mask.attach(s.manager());
            } else if (keyMask != null) {
                mask = keyMask;
            }
            return s.keep(layers.get(layer).forward(x, cosSin, mask, cache, layer));
        }
    }

    /**
     * Every row's projections and MLP at once. Attention: when every sequence's cache is empty at this layer
     * (a batched prefill's usual case), a group of sequences of similar lengths at once over padded rows
     * ({@link PadGroups}); otherwise per sequence.
     */
    @Override
    public NDArray stepBatch(int layer, NDManager target, NDArray x, List<Positions> positions, List<KvCache> caches) {
        return stepBatch(layer, target, x, positions, caches, false);
    }

    /** The last layer's attention output and MLP for each sequence's last row only ({@link LlamaLayer#forward}). */
    @Override
    public NDArray lastRowsBatch(NDManager target, NDArray x, List<Positions> positions, List<KvCache> caches) {
        return stepBatch(layers.size() - 1, target, x, positions, caches, true);
    }

    /** @param lastOnly only each sequence's last row leaves the layer: (B, D) instead of (N, D) */
    private NDArray stepBatch(int layer, NDManager target, NDArray x, List<Positions> positions, List<KvCache> caches,
            boolean lastOnly) {
        try (Scope s = Scope.open(target, x)) {
            NDList cosSin = cosSin(target, positions);
            int b = positions.size();
            int[] lengths = new int[b];
            int[] pasts = new int[b];
            boolean padded = b > 1;
            for (int i = 0; i < b; i++) {
                lengths[i] = positions.get(i).length();
                pasts[i] = caches.get(i).length(layer);
                padded &= lengths[i] > 0 && pasts[i] == 0;
            }
            KvCache[] cs = caches.toArray(new KvCache[0]);
            if (padded) {
                List<int[]> groups = PadGroups.of(lengths, (long) cfg.heads() * cfg.headDim());
                NDArray[] masks = tables.get().masks(target, new MaskKey(lastOnly ? MaskKind.PADDED_LAST_ROWS
                        : MaskKind.PADDED, lengths, pasts), m -> paddedMasks(m, lengths, groups, lastOnly));
                return s.keep(layers.get(layer).forwardPadded(x, cosSin, lengths, groups, masks, cs, layer, lastOnly));
            }
            NDArray[] masks = tables.get().masks(target, new MaskKey(MaskKind.CAUSAL, lengths, pasts), m -> {
                NDArray[] each = new NDArray[b];
                for (int i = 0; i < b; i++) {
                    each[i] = Attention.causalMask(m, lengths[i], pasts[i], cfg.slidingWindow());
                }
                return each;
            });
            return s.keep(layers.get(layer).forward(x, cosSin, lengths, masks, cs, layer, lastOnly));
        }
    }

    /** Each pad group's mask: {@link Attention#paddedLastRowMask} when only last rows go on, else causal. */
    private NDArray[] paddedMasks(NDManager m, int[] lengths, List<int[]> groups, boolean lastOnly) {
        NDArray[] masks = new NDArray[groups.size()];
        for (int g = 0; g < masks.length; g++) {
            int[] members = groups.get(g);
            int[] ls = new int[members.length];
            for (int j = 0; j < ls.length; j++) {
                ls[j] = lengths[members[j]];
            }
            masks[g] = lastOnly ? Attention.paddedLastRowMask(m, ls, cfg.slidingWindow())
                    : Attention.paddedCausalMask(m, ls, cfg.slidingWindow());
        }
        return masks;
    }

    /** cos and sign-folded sin (N, d) of one sequence's positions, kept for the next layer ({@link LayerTables}). */
    private NDList cosSin(NDManager target, Positions positions) {
        return new NDList(tables.get().rope(target, positions, m -> rope.cosSin(m, positions).toArray(new NDArray[0])));
    }

    /** As {@link #cosSin(NDManager, Positions)} for a ragged batch's rows, sequence after sequence. */
    private NDList cosSin(NDManager target, List<Positions> positions) {
        if (positions.size() == 1) {
            return cosSin(target, positions.get(0));
        }
        List<Positions> key = List.copyOf(positions);
        return new NDList(tables.get().rope(target, key,
                m -> rope.cosSin(m, Positions.concat(key)).toArray(new NDArray[0])));
    }

    private enum MaskKind { CAUSAL, PADDED, PADDED_LAST_ROWS }

    /** The inputs a layer's masks depend on (the sliding window is the decoder's own). */
    private record MaskKey(MaskKind kind, int[] lengths, int[] pasts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MaskKey k && kind == k.kind && Arrays.equals(lengths, k.lengths)
                    && Arrays.equals(pasts, k.pasts);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * kind.hashCode() + Arrays.hashCode(lengths)) + Arrays.hashCode(pasts);
        }
    }

    /** Padded decoding: every layer's attention for all rows at once (see {@link LlamaLayer#decode}). */
    @Override
    public boolean decodesPadded() {
        return true;
    }

    @Override
    public NDArray decodeStep(NDManager target, NDArray x, List<Positions> positions, PaddedKv kv) {
        try (Scope s = Scope.open(target, x)) {
            NDList cosSin = rope.cosSin(s.manager(), Positions.concat(positions)); // (B, d) each
            long b = positions.size();
            long d = cfg.headDim();
            NDArray cos = cosSin.get(0).reshape(b, 1, d);
            NDArray sin = cosSin.get(1).reshape(b, 1, d);
            NDArray[] masks = kv.stepMasks(s.manager(), cfg.slidingWindow());
            NDArray h = x;
            for (int l = 0; l < layers.size(); l++) {
                h = layers.get(l).decode(h, cos, sin, masks[l], kv, l);
            }
            return s.keep(h);
        }
    }

    @Override
    public NDArray logits(NDArray hidden) {
        return norm.apply(hidden).matMul(lmHeadT).toType(DataType.FLOAT32, false);
    }

    @Override
    public DecoderShape shape() {
        return cfg.shape();
    }
}
