package io.iwpspark.lvlm.hook;

import ai.djl.ndarray.NDArray;
import io.iwpspark.lvlm.decoder.Decoder;
import java.util.function.UnaryOperator;

/**
 * What stays fixed across the stages of one generation.
 *
 * @param decoder the decoder whose layers compute keys, values and attention probes
 * @param projector vision features (M, Dv * k) -> embeddings (M, D), for tokens merged in vision space
 * @param frames frames of the sample
 * @param gridHeight tokens per column of a frame
 * @param gridWidth tokens per row of a frame
 * @param seed the sample's seed
 * @param options keys before/after RoPE, position mode, dual-weight error
 * @param shared what stages compute from the sample's prefix alone, kept across its configurations; null for none
 */
public record StageContext(Decoder decoder, UnaryOperator<NDArray> projector, int frames, int gridHeight,
        int gridWidth, long seed, HookOptions options, SharedStageInputs shared) {

    /** A context without shared inputs (every stage computes its own). */
    public StageContext(Decoder decoder, UnaryOperator<NDArray> projector, int frames, int gridHeight, int gridWidth,
            long seed, HookOptions options) {
        this(decoder, projector, frames, gridHeight, gridWidth, seed, options, null);
    }
}
