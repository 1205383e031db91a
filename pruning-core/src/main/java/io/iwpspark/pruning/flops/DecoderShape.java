package io.iwpspark.pruning.flops;

/**
 * The sizes of a LLaMA-style decoder that set its compute.
 *
 * @param layers L decoder layers
 * @param hidden d, the hidden size
 * @param ffn m, the SwiGLU width (three d x m matrices)
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention when fewer than heads)
 */
public record DecoderShape(int layers, int hidden, int ffn, int heads, int kvHeads) {
    public DecoderShape {
        if (layers <= 0 || hidden <= 0 || ffn <= 0 || heads <= 0 || kvHeads <= 0) {
            throw new IllegalArgumentException("decoder sizes must be > 0, found layers=" + layers + " hidden="
                    + hidden + " ffn=" + ffn + " heads=" + heads + " kvHeads=" + kvHeads);
        }
        if (hidden % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("hidden must divide by heads and heads by kvHeads, found hidden="
                    + hidden + " heads=" + heads + " kvHeads=" + kvHeads);
        }
    }

    /** LLaVA-1.5-7B's Vicuna-7B decoder. */
    public static final DecoderShape LLAVA_15_7B = new DecoderShape(32, 4096, 11008, 32, 32);

    /** Width of the key (or value) projection: kvHeads * head dim. */
    public long kvWidth() {
        return (long) kvHeads * (hidden / heads);
    }
}
