package io.iwpspark.lvlm.generation;

/**
 * One request's result in a batch: its generation, or the error that stopped it (a pruner's contract,
 * a budget beyond the visual tokens, the engine), so one bad configuration does not cost the others.
 */
public record GenerationOutcome(Generation generation, RuntimeException error) {
    public GenerationOutcome {
        if ((generation == null) == (error == null)) {
            throw new IllegalArgumentException("an outcome holds a generation or an error, exactly one");
        }
    }

    /** The generation, or the request's error thrown again. */
    public Generation get() {
        if (error != null) {
            throw error;
        }
        return generation;
    }
}
