package io.iwpspark.lvlm.generation;

import io.iwpspark.lvlm.hook.HookOptions;

/**
 * One generation's settings.
 *
 * @param maxNewTokens the most tokens generated (the EOS token, when reached, is among them)
 * @param hook keys before/after RoPE for pruners, original or re-indexed positions, dual-weight error
 * @param keepFirstLogits keep the float32 logits of the first generated token (vocabulary-sized) in
 *     the result
 */
public record GenerationOptions(int maxNewTokens, HookOptions hook, boolean keepFirstLogits) {
    public GenerationOptions {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, found " + maxNewTokens);
        }
        if (hook == null) {
            throw new IllegalArgumentException("hook options must be set");
        }
    }

    /** 32 new tokens, keys before RoPE, original positions, dual-weight error on, no logits kept. */
    public static GenerationOptions defaults() {
        return new GenerationOptions(32, new HookOptions(HookOptions.KeyRope.BEFORE_ROPE,
                HookOptions.PositionMode.ORIGINAL, true), false);
    }

    public GenerationOptions withMaxNewTokens(int n) {
        return new GenerationOptions(n, hook, keepFirstLogits);
    }

    public GenerationOptions withKeys(HookOptions.KeyRope keys) {
        return new GenerationOptions(maxNewTokens, new HookOptions(keys, hook.positions(), hook.dualWeightError()),
                keepFirstLogits);
    }

    public GenerationOptions withPositions(HookOptions.PositionMode mode) {
        return new GenerationOptions(maxNewTokens, new HookOptions(hook.keys(), mode, hook.dualWeightError()),
                keepFirstLogits);
    }

    public GenerationOptions withDualWeightError(boolean on) {
        return new GenerationOptions(maxNewTokens, new HookOptions(hook.keys(), hook.positions(), on), keepFirstLogits);
    }

    public GenerationOptions withFirstLogits(boolean keep) {
        return new GenerationOptions(maxNewTokens, hook, keep);
    }
}
