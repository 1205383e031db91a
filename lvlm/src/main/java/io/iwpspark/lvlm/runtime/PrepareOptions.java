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
 */
public record PrepareOptions(int poolStride, int prefixLayers, long seed) {
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
        return new PrepareOptions(1, ALL_LAYERS, 0L);
    }

    public PrepareOptions withPoolStride(int stride) {
        return new PrepareOptions(stride, prefixLayers, seed);
    }

    public PrepareOptions withPrefixLayers(int layers) {
        return new PrepareOptions(poolStride, layers, seed);
    }

    public PrepareOptions withSeed(long s) {
        return new PrepareOptions(poolStride, prefixLayers, s);
    }
}
