package io.iwpspark.lvlm.hook;

import java.util.Map;

/**
 * What one pruning stage did.
 *
 * @param layer the decoder layer it ran before
 * @param before visual tokens present before it
 * @param kept indices (ascending, into the tokens present) it kept
 * @param merged merged tokens it added after the kept ones
 * @param dualErrorExp relative implicit-weight error ||W - W_S||_F / ||W||_F of the kept set at this
 *     layer under the exp kernel (merged tokens count as dropped); NaN when not computed
 * @param dualErrorLinear the same under the linear kernel
 * @param diagnostics the pruner's own numbers
 * @param selectionMs milliseconds spent choosing: computing the inputs the pruner asked for (keys,
 *     attention probes ...) and its selection; not the dual-weight error nor the rebuilt sequence
 */
public record StageReport(int layer, int before, int[] kept, int merged, double dualErrorExp, double dualErrorLinear,
        Map<String, Double> diagnostics, double selectionMs) {
    public StageReport {
        kept = kept.clone();
        diagnostics = Map.copyOf(diagnostics);
    }

    @Override
    public int[] kept() {
        return kept.clone();
    }

    /** Visual tokens after the stage. */
    public int after() {
        return kept.length + merged;
    }
}
