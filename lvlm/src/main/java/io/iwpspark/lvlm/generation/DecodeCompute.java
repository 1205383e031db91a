package io.iwpspark.lvlm.generation;

import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.runtime.CostModel;

/**
 * The decode steps' analytic compute, counted as they run: at each step and layer the keys the new token
 * actually attends (the layer's cache before the step, plus the token itself, less the visual entries a decoding
 * rule hides there), priced by the family's {@link CostModel} with the prefill's formula at one query. So a pruned
 * cache makes every later step cheaper, and DyCoke's masked steps cost less at the layers it masks.
 */
final class DecodeCompute {
    private final CostModel cost;
    private final int[] keys; // (L) keys the current step attends at each layer
    private double flops;
    private double macsFastV;
    private int steps;

    DecodeCompute(CostModel cost, int layers) {
        this.cost = cost;
        this.keys = new int[layers];
    }

    /** Before layer {@code layer} runs the current token ({@code masks} may be null). */
    void attend(int layer, KvCache cache, DecodeMasks masks) {
        keys[layer] = cache.length(layer) + 1 - (masks == null ? 0 : masks.hidden(layer));
    }

    /** Before layer {@code layer} runs the current token against {@code cached} real keys (pads not counted). */
    void attend(int layer, int cached) {
        keys[layer] = cached + 1;
    }

    /** After every layer ran the current token. */
    void endStep() {
        flops += cost.decodeStepFlops(keys);
        macsFastV += cost.decodeStepMacsFastV(keys);
        steps++;
    }

    double flops() {
        return flops;
    }

    double macsFastV() {
        return macsFastV;
    }

    int steps() {
        return steps;
    }
}
