package io.iwpspark.pruning;

/**
 * A rule a pruner applies while decoding, at every generated token after the first (the prompt is pruned by
 * its stages): from decoder layer {@link #layer()} on, the current token attends only the visual cache entries
 * the rule keeps for it; the cache itself keeps every entry, so each step chooses afresh (DyCoke's dynamic
 * KV-cache pruning). Implementations are immutable; the per-generation state lives in {@link Steps}.
 */
public interface DecodeRule {
    /** l >= 1: layers l and above see the selection; the attention the rule reads is layer l - 1's. */
    int layer();

    /**
     * The state of one generation.
     *
     * @param originalVisual the visual tokens before any pruning stage
     * @param visualCount V, the visual cache entries after the prompt's stages
     */
    Steps start(int originalVisual, int visualCount);

    /** One generation's steps, in order. */
    interface Steps {
        /**
         * @param attention (V) the current token's attention to the visual entries at layer l - 1, mean over heads
         *     (softmax over every cached key, the current token's included)
         * @return the visual entries it may attend from layer l on, ascending; null for all of them
         */
        int[] select(float[] attention);
    }
}
