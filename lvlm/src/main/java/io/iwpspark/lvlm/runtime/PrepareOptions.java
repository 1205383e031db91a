package io.iwpspark.lvlm.runtime;

/**
 * How a sample's shared prefix is computed.
 *
 * @param poolStride spatial average pooling of each frame's token grid (1 = none; video models
 *     commonly use 2); needs the "default" selection strategy and a grid divisible by it
 * @param prefixLayers decoder layers run once in the prefix (0..L); a configuration whose first stage
 *     is at layer l reuses min(l, prefixLayers) of them; L (the default) also gives the unpruned run
 *     for free
 * @param seed the sample's seed, handed to pruners that draw at random
 * @param anyresUnpad anyres families (LLaVA-NeXT): true (the default, as transformers) unpads the joined
 *     crop map to the image's aspect ratio and appends an image_newline per row; false keeps the whole
 *     map without newlines, the original LLaVA "spatial" merge behind the "2880 visual tokens" that
 *     pruning papers quote for LLaVA-NeXT (576 base + 4 x 576 crop tokens); other families ignore it
 */
public record PrepareOptions(int poolStride, int prefixLayers, long seed, boolean anyresUnpad) {
    /** Marks "every decoder layer" before the model is known. */
    public static final int ALL_LAYERS = Integer.MAX_VALUE;

    public PrepareOptions {
        if (poolStride < 1) {
            throw new IllegalArgumentException("poolStride must be >= 1, found " + poolStride);
        }
        if (prefixLayers < 0) {
            throw new IllegalArgumentException("prefixLayers must be >= 0, found " + prefixLayers);
        }
    }

    public static PrepareOptions defaults() {
        return new PrepareOptions(1, ALL_LAYERS, 0L, true);
    }

    public PrepareOptions withPoolStride(int stride) {
        return new PrepareOptions(stride, prefixLayers, seed, anyresUnpad);
    }

    public PrepareOptions withPrefixLayers(int layers) {
        return new PrepareOptions(poolStride, layers, seed, anyresUnpad);
    }

    public PrepareOptions withSeed(long s) {
        return new PrepareOptions(poolStride, prefixLayers, s, anyresUnpad);
    }

    public PrepareOptions withAnyresUnpad(boolean unpad) {
        return new PrepareOptions(poolStride, prefixLayers, seed, unpad);
    }
}
