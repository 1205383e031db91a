package io.iwpspark.bench;

/**
 * Tensors that tools/bench_baselines.py builds bit for bit: element k of a (rows, cols) matrix is
 * splitmix64(k + 1 + seed * 2^32) reduced to its top 24 bits, mapped to [-0.5, 0.5) exactly in float32.
 * The same inputs on both sides let the benchmark compare selections with the official code, not just times.
 */
final class SplitMix {
    private SplitMix() {}

    /** (rows, cols) row-major. */
    static float[] matrix(int rows, int cols, long seed) {
        float[] out = new float[rows * cols];
        for (int k = 0; k < out.length; k++) {
            long z = (k + 1L + (seed << 32)) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            out[k] = (z >>> 40) / 16777216f - 0.5f;
        }
        return out;
    }
}
