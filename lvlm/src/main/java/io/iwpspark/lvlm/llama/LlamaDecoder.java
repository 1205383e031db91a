package io.iwpspark.lvlm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.nn.Norms.RmsNorm;
import io.iwpspark.lvlm.nn.Scope;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/** The LLaMA decoder's weights: token embedding, layers, final norm, LM head. The loop lives in the callers. */
public final class LlamaDecoder {
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
        layers = new ArrayList<>();
        for (int i = 0; i < cfg.layers(); i++) {
            layers.add(new LlamaLayer(c, m, t, cfg, i));
        }
        norm = RmsNorm.load(c, m, t, p + "norm", cfg.hidden(), cfg.rmsNormEps());
        NDArray head = cfg.tieWordEmbeddings() && !c.has(WeightNames.LM_HEAD) ? embedding
                : c.load(m, t, WeightNames.LM_HEAD, cfg.vocabSize(), cfg.hidden());
        lmHeadT = head.transpose();
        rope = Rope.create(m, cfg.headDim(), cfg.ropeTheta(), t);
    }

    public TextConfig config() {
        return cfg;
    }

    public LlamaLayer layer(int i) {
        return layers.get(i);
    }

    public Rope rope() {
        return rope;
    }

    /** Token embeddings (S, D) of {@code ids}, created in {@code m}. */
    public NDArray embed(NDManager m, int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= cfg.vocabSize()) {
                throw new IllegalArgumentException("token id must be in [0, " + cfg.vocabSize() + "), found " + id);
            }
        }
        return embedding.get(m, new NDIndex("{}", m.create(ids)));
    }

    /**
     * Runs layer {@code layer} on S new tokens; intermediates are freed, the result lands in {@code target}.
     *
     * @param x (S, D) hidden states entering the layer (may belong to a shared prefix: never changed)
     * @param positions (S) their position ids
     * @return (S, D) hidden states leaving the layer
     */
    public NDArray step(int layer, NDManager target, NDArray x, int[] positions, KvCache cache) {
        try (Scope s = Scope.open(target, x)) {
            NDList cosSin = rope.cosSin(s.manager(), positions);
            NDArray mask = Attention.causalMask(s.manager(), positions.length, cache.length(layer));
            return s.keep(layers.get(layer).forward(x, cosSin, mask, cache, layer));
        }
    }

    /** Float32 logits (R, V) of final hidden states (R, D) (before the final norm). */
    public NDArray logits(NDArray hidden) {
        return norm.apply(hidden).matMul(lmHeadT).toType(DataType.FLOAT32, false);
    }
}
