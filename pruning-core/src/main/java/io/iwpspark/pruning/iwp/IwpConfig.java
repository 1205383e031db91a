package io.iwpspark.pruning.iwp;

import io.iwpspark.pruning.PrunerParams;
import java.util.Set;

/**
 * Every free choice of IWP + PC-MMR (METHOD.md sections 1-2), validated where it is made.
 * Defaults are this project's starting points, not numbers from the paper.
 *
 * @param kernel EXP (softmax, default) or LINEAR
 * @param layer decoder layer whose keys/values are scored and before which tokens are pruned (0 = before the decoder)
 * @param keysAfterRope use keys after the rotary embedding (default false: equal content at different places stays equal)
 * @param lambda weight of magnitude against duplication, in [0, 1] (1 = top magnitude)
 * @param scale how magnitude is scaled to [0, 1]
 * @param chunk0 tokens admitted in the first PC-MMR round (>= 1)
 * @param growth factor by which the chunk grows each round (>= 1)
 * @param chunkMax the largest chunk (>= chunk0)
 * @param pool candidate pool per round as a multiple of the chunk (>= 1)
 * @param guard in (0, 1]: a candidate whose duplication with a token admitted in the same round exceeds
 *     it waits for a later round (see {@link PcMmr}); pool 1 with guard 1 is METHOD.md's plain top-c rule
 */
public record IwpConfig(Kernel kernel, int layer, boolean keysAfterRope, double lambda, MagnitudeScale scale,
        int chunk0, double growth, int chunkMax, double pool, double guard) {

    public static final Set<String> PARAMETERS =
            Set.of("kernel", "layer", "rope", "lambda", "scale", "chunk0", "growth", "chunk_max", "pool", "guard");

    public static final IwpConfig DEFAULT = new IwpConfig(Kernel.EXP, 0, false, 0.5, MagnitudeScale.RATIO, 4, 2.0, 64, 2.0, 0.9);

    public IwpConfig {
        if (kernel == null || scale == null) {
            throw new IllegalArgumentException("kernel and scale must be given, found " + kernel + ", " + scale);
        }
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, found " + layer);
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], found " + lambda);
        }
        if (chunk0 < 1) {
            throw new IllegalArgumentException("chunk0 must be >= 1, found " + chunk0);
        }
        if (!(growth >= 1) || Double.isInfinite(growth)) {
            throw new IllegalArgumentException("growth must be a finite number >= 1, found " + growth);
        }
        if (chunkMax < chunk0) {
            throw new IllegalArgumentException("chunk_max must be >= chunk0 (" + chunk0 + "), found " + chunkMax);
        }
        if (!(pool >= 1) || Double.isInfinite(pool)) {
            throw new IllegalArgumentException("pool must be a finite number >= 1, found " + pool);
        }
        if (!(guard > 0 && guard <= 1)) {
            throw new IllegalArgumentException("guard must be in (0, 1], found " + guard);
        }
    }

    /** Exact greedy MMR: one token per round. */
    public IwpConfig exactGreedy() {
        return new IwpConfig(kernel, layer, keysAfterRope, lambda, scale, 1, 1.0, 1, 1.0, 1.0);
    }

    public IwpConfig withLambda(double newLambda) {
        return new IwpConfig(kernel, layer, keysAfterRope, newLambda, scale, chunk0, growth, chunkMax, pool, guard);
    }

    public IwpConfig withKernel(Kernel newKernel) {
        return new IwpConfig(newKernel, layer, keysAfterRope, lambda, scale, chunk0, growth, chunkMax, pool, guard);
    }

    public IwpConfig withChunks(int newChunk0, double newGrowth, int newChunkMax) {
        return new IwpConfig(kernel, layer, keysAfterRope, lambda, scale, newChunk0, newGrowth, newChunkMax, pool, guard);
    }

    public IwpConfig withPool(double newPool) {
        return new IwpConfig(kernel, layer, keysAfterRope, lambda, scale, chunk0, growth, chunkMax, newPool, guard);
    }

    public IwpConfig withGuard(double newGuard) {
        return new IwpConfig(kernel, layer, keysAfterRope, lambda, scale, chunk0, growth, chunkMax, pool, newGuard);
    }

    /** Reads the sweep parameters (names as in PARAMETERS; "rope" is "before" or "after"). */
    public static IwpConfig from(PrunerParams p) {
        p.requireOnly(PARAMETERS);
        String rope = p.getChoice("rope", "before", java.util.List.of("before", "after"));
        return new IwpConfig(
                p.getEnum("kernel", DEFAULT.kernel),
                p.getInt("layer", DEFAULT.layer, 0, Integer.MAX_VALUE),
                rope.equals("after"),
                p.getDouble("lambda", DEFAULT.lambda, 0, 1),
                p.getEnum("scale", DEFAULT.scale),
                p.getInt("chunk0", DEFAULT.chunk0, 1, Integer.MAX_VALUE),
                p.getDouble("growth", DEFAULT.growth, 1, 1e9),
                p.getInt("chunk_max", DEFAULT.chunkMax, 1, Integer.MAX_VALUE),
                p.getDouble("pool", DEFAULT.pool, 1, 1e9),
                p.getDouble("guard", DEFAULT.guard, Double.MIN_VALUE, 1));
    }
}
