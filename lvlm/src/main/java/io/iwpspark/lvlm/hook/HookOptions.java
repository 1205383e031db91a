package io.iwpspark.lvlm.hook;

/**
 * How the runtime serves and applies a pruning stage.
 *
 * @param keys whether VISUAL_KV / TEXT_KEYS (and the dual-weight error) use keys before or after RoPE;
 *     the IWP pruner overrides it with its own "rope" parameter
 * @param positions whether kept tokens keep their original position ids or the sequence is re-indexed
 * @param dualWeightError compute the dual-weight error of each stage's selection
 */
public record HookOptions(KeyRope keys, PositionMode positions, boolean dualWeightError) {
    public HookOptions {
        if (keys == null || positions == null) {
            throw new IllegalArgumentException("keys and positions must be set, found " + keys + " and " + positions);
        }
    }

    /** Keys handed to pruners: as projected (before RoPE, the default of METHOD.md) or rotated. */
    public enum KeyRope {
        BEFORE_ROPE, AFTER_ROPE
    }

    /** Position ids after a stage. */
    public enum PositionMode {
        /** Kept tokens keep their ids; the text after the visual block keeps its ids (FastV's default). */
        ORIGINAL,
        /** The pruned sequence is numbered 0..S'-1. */
        REINDEX
    }
}
