package io.iwpspark.lvlm.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.Attention;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.hook.PrunerContractException;
import io.iwpspark.pruning.DecodeRule;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Stage;
import java.util.Arrays;
import java.util.List;

/**
 * A pruner's {@link DecodeRule} in the decoding loop. At each generated token, once layer l - 1 has run, the
 * token's attention there to the visual block (queries from that layer's input, keys from its cache, which
 * now hold the token too; mean over heads) goes to the rule; layers l and above then run with an additive key
 * mask that hides the visual entries it left out. The cache keeps every entry, so the next step may choose
 * others: a mask over the cache is the official gather of its kept entries (DyCoke's PrunableDynamicCache),
 * softmax and weighted sum being indifferent to the order of keys.
 */
final class DecodeMasks {
    private final Decoder decoder;
    private final DecodeRule rule;
    private final DecodeRule.Steps steps;
    private final int visualStart;
    private final int visualCount;
    private int[] kept; // this step's visual entries for layers >= l, null for all
    private NDArray mask; // this step's (1, T) mask, shared by the layers whose caches hold T entries

    private DecodeMasks(Decoder decoder, DecodeRule rule, DecodeRule.Steps steps, int visualStart, int visualCount) {
        this.decoder = decoder;
        this.rule = rule;
        this.steps = steps;
        this.visualStart = visualStart;
        this.visualCount = visualCount;
    }

    /** The pruner's rule for one generation, or null when it has none; its layers must hold the final visual block. */
    static DecodeMasks of(Decoder decoder, Pruner pruner, List<Stage> plan, int originalVisual, int visualStart,
            int visualCount) {
        if (pruner == null || pruner.decodeRule().isEmpty()) {
            return null;
        }
        DecodeRule rule = pruner.decodeRule().get();
        int l = rule.layer();
        int lastStage = plan.isEmpty() ? 0 : plan.get(plan.size() - 1).layer();
        if (l < 1 || l >= decoder.layers() || l - 1 < lastStage) {
            throw new PrunerContractException(pruner.name() + " decoding rule at layer " + l + " must lie in [max(1, "
                    + "last stage layer " + lastStage + " + 1), " + (decoder.layers() - 1) + "]");
        }
        return new DecodeMasks(decoder, rule, rule.start(originalVisual, visualCount), visualStart, visualCount);
    }

    /** The layer whose input and cache the rule reads: l - 1. */
    int probeLayer() {
        return rule.layer() - 1;
    }

    /**
     * After layer l - 1 ran on the current token: its attention to the visual block chooses this step's entries.
     *
     * @param input (1, D) the hidden state that entered layer l - 1
     */
    void probe(NDManager m, NDArray input, Positions at, KvCache cache) {
        int l = probeLayer();
        NDArray q = decoder.layer(l).queries(m, input, at); // (H, 1, d)
        NDArray probs = Attention.probabilities(q, cache.keys(l), null); // (H, 1, T): one new token sees every key
        float[] attention = probs.get(":, 0, " + visualStart + ":" + (visualStart + visualCount))
                .mean(new int[] {0}).toFloatArray();
        kept = steps.select(attention);
        mask = null;
    }

    /** Cached visual entries this step hides from layer {@code layer} (0 where it attends them all). */
    int hidden(int layer) {
        return layer < rule.layer() || kept == null ? 0 : visualCount - kept.length;
    }

    /**
     * The additive key mask (1, T) for layer {@code layer}'s step, or null when it attends every entry; {@code m}
     * lives for the step.
     */
    NDArray mask(NDManager m, int layer, KvCache cache) {
        if (layer < rule.layer() || kept == null) {
            return null;
        }
        int t = cache.length(layer) + 1; // the cached keys and the current token's
        if (mask == null || mask.getShape().get(1) != t) {
            float[] row = new float[t];
            Arrays.fill(row, visualStart, visualStart + visualCount, Float.NEGATIVE_INFINITY);
            for (int j : kept) {
                row[visualStart + j] = 0f;
            }
            mask = m.create(row).reshape(1, t);
        }
        return mask;
    }
}
