package io.iwpspark.lvlm.generation;

import io.iwpspark.lvlm.hook.HookOptions;

/**
 * One generation's settings.
 *
 * @param maxNewTokens the most tokens generated (the EOS token, when reached, is among them)
 * @param hook keys before/after RoPE for pruners, original or re-indexed positions, dual-weight error
 * @param keepLogits keep the float32 logits (vocabulary-sized) behind every generated token in the
 *     result (tests, diagnostics)
 */
public record GenerationOptions(int maxNewTokens, HookOptions hook, boolean keepLogits) {
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
        return new GenerationOptions(n, hook, keepLogits);
    }

    public GenerationOptions withKeys(HookOptions.KeyRope keys) {
        return new GenerationOptions(maxNewTokens, new HookOptions(keys, hook.positions(), hook.dualWeightError()),
                keepLogits);
    }

    public GenerationOptions withPositions(HookOptions.PositionMode mode) {
        return new GenerationOptions(maxNewTokens, new HookOptions(hook.keys(), mode, hook.dualWeightError()),
                keepLogits);
    }

    public GenerationOptions withDualWeightError(boolean on) {
        return new GenerationOptions(maxNewTokens, new HookOptions(hook.keys(), hook.positions(), on), keepLogits);
    }

    public GenerationOptions withLogits(boolean keep) {
        return new GenerationOptions(maxNewTokens, hook, keep);
    }
}
