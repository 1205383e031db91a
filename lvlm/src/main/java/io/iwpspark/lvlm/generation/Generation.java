package io.iwpspark.lvlm.generation;

import io.iwpspark.lvlm.hook.StageReport;
import java.util.List;

/**
 * One generation and what it cost.
 *
 * @param pruner the pruner's name, or "none"
 * @param budget the budget asked for (the visual tokens when unpruned)
 * @param text the decoded new tokens (special tokens skipped)
 * @param ids (n) the new token ids, EOS included when reached
 * @param tokensPerLayer (L) tokens each decoder layer saw in prefill
 * @param visualTokensPerLayer (L) visual tokens among them
 * @param prefillFlops analytic prefill FLOPs of the decoder (2 x MACs, SwiGLU with 3 matrices)
 * @param prefillMacsFastV the FastV convention (4nd^2 + 2n^2d + 2ndm per layer), as papers print
 * @param visionFlops FLOPs of the vision tower and projector
 * @param decodeFlops analytic decoder FLOPs of the decode steps (every generated token after the first): per step
 *     and layer the prefill formula at one query over the keys it attended (a decoding rule's hidden entries left
 *     out)
 * @param decodeMacsFastV the decode steps in the FastV convention
 * @param prefillMs vision + prefill milliseconds as if run alone (the shared prefix's measured share
 *     included)
 * @param sharedPrefixMs the part of prefillMs that came from the shared prefix (not re-run)
 * @param decodeMs milliseconds of the decode steps
 * @param kvCacheBytes bytes of the KV cache after prefill
 * @param stages one report per pruning stage (empty when unpruned)
 * @param logits (n, V) float32 logits behind each new token, or null unless asked for
 */
public record Generation(String pruner, int budget, String text, int[] ids, int[] tokensPerLayer,
        int[] visualTokensPerLayer, double prefillFlops, double prefillMacsFastV, double visionFlops, double decodeFlops,
        double decodeMacsFastV, double prefillMs,
        double sharedPrefixMs, double decodeMs, long kvCacheBytes, List<StageReport> stages, float[][] logits) {
    public Generation {
        ids = ids.clone();
        tokensPerLayer = tokensPerLayer.clone();
        visualTokensPerLayer = visualTokensPerLayer.clone();
        stages = List.copyOf(stages);
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public int[] tokensPerLayer() {
        return tokensPerLayer.clone();
    }

    @Override
    public int[] visualTokensPerLayer() {
        return visualTokensPerLayer.clone();
    }

    @Override
    public float[][] logits() {
        return logits == null ? null : logits.clone();
    }

    /** Mean visual tokens over the decoder layers. */
    public double meanVisualTokens() {
        return java.util.Arrays.stream(visualTokensPerLayer).average().orElse(0);
    }

    /** Exp-kernel dual-weight error of each stage, in stage order. */
    /** Milliseconds spent choosing tokens over all stages (0 when unpruned). */
    public double selectionMs() {
        return stages.stream().mapToDouble(StageReport::selectionMs).sum();
    }

    public double[] dualErrorsExp() {
        return stages.stream().mapToDouble(StageReport::dualErrorExp).toArray();
    }

    /** Linear-kernel dual-weight error of each stage, in stage order. */
    public double[] dualErrorsLinear() {
        return stages.stream().mapToDouble(StageReport::dualErrorLinear).toArray();
    }
}
