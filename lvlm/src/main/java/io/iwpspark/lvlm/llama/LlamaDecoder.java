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
            NDList cosSin = rope.cosSin(s.manager(), positions);
            NDArray mask = Attention.causalMask(s.manager(), positions.length(), cache.length(layer), cfg.slidingWindow());
            if (keyMask != null) {
                mask = mask == null ? keyMask : mask.add(keyMask);
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
            NDList cosSin = rope.cosSin(s.manager(), Positions.concat(positions));
            int b = positions.size();
            int[] lengths = new int[b];
            boolean padded = b > 1;
            for (int i = 0; i < b; i++) {
                lengths[i] = positions.get(i).length();
                padded &= lengths[i] > 0 && caches.get(i).length(layer) == 0;
            }
            KvCache[] cs = caches.toArray(new KvCache[0]);
            if (padded) {
                List<int[]> groups = PadGroups.of(lengths, (long) cfg.heads() * cfg.headDim());
                NDArray[] masks = new NDArray[groups.size()];
                for (int g = 0; g < masks.length; g++) {
                    int[] members = groups.get(g);
                    int[] ls = new int[members.length];
                    for (int j = 0; j < ls.length; j++) {
                        ls[j] = lengths[members[j]];
                    }
                    masks[g] = lastOnly ? Attention.paddedLastRowMask(s.manager(), ls, cfg.slidingWindow())
                            : Attention.paddedCausalMask(s.manager(), ls, cfg.slidingWindow());
                }
                return s.keep(layers.get(layer).forwardPadded(x, cosSin, lengths, groups, masks, cs, layer, lastOnly));
            }
            NDArray[] masks = new NDArray[b];
            for (int i = 0; i < b; i++) {
                masks[i] = Attention.causalMask(s.manager(), lengths[i], caches.get(i).length(layer), cfg.slidingWindow());
            }
            return s.keep(layers.get(layer).forward(x, cosSin, lengths, masks, cs, layer, lastOnly));
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
