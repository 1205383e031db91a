package io.iwpspark.pruning;

/**
 * One pruning step: before decoder layer {@code layer} runs (0 = before the decoder), keep
 * {@code keep} visual tokens (kept plus merged); 0 removes them all (the text-only reference).
 */
public record Stage(int layer, int keep) {
    public Stage {
        if (layer < 0) {
            throw new IllegalArgumentException("stage layer must be >= 0, found " + layer);
        }
        if (keep < 0) {
            throw new IllegalArgumentException("stage keep must be >= 0, found " + keep);
        }
    }
}
