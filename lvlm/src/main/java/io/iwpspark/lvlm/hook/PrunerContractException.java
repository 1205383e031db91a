package io.iwpspark.lvlm.hook;

/**
 * A pruner broke its contract with the runtime: a plan out of order or beyond the decoder, a selection of
 * the wrong size or out of range, merged tokens of the wrong shape, an input it needs but the stage cannot
 * have. This is a bug in the pruner (or a configuration the driver should have refused), not a property
 * of one sample, so it fails the run instead of becoming error rows.
 */
public final class PrunerContractException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PrunerContractException(String message) {
        super(message);
    }
}
