package io.iwpspark.lvlm.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.flops.DecoderShape;

/**
 * A text decoder as the shared generation loop and the pruning hook see it: embeddings, one layer at
 * a time against a KV cache, logits. Families supply it (LLaMA, Mistral and Qwen2 in
 * {@code io.iwpspark.lvlm.llama}); nothing past this interface names a concrete decoder.
 */
public interface Decoder {
    /** L, the decoder layers. */
    int layers();

    /** V, the vocabulary. */
    int vocabSize();

    /** The most positions the model was trained for (max_position_embeddings): the longest prompt accepted. */
    int maxPositions();

    DecoderLayer layer(int index);

    /** Token embeddings (S, D) of {@code ids}, created in {@code m}. */
    NDArray embed(NDManager m, int[] ids);

    /**
     * Runs layer {@code layer} on S new tokens, appending their keys and values to the cache;
     * intermediates are freed, the result lands in {@code target}.
     *
     * @param x (S, D) hidden states entering the layer (may belong to a shared prefix: never changed)
     * @return (S, D) hidden states leaving the layer
     */
    NDArray step(int layer, NDManager target, NDArray x, Positions positions, KvCache cache);

    /**
     * Runs layer {@code layer} on a ragged batch: the new tokens of B sequences, their rows one after
     * another, each sequence with its own positions and its own KV cache (of its own length). Row i of
     * the result equals what {@link #step} gives for that sequence alone, up to float rounding. This
     * default runs the sequences one by one; a decoder overrides it to share the weight products.
     *
     * @param x (N, D) hidden states, N the sum of the sequences' new tokens, sequence by sequence
     * @param positions each sequence's positions (its length is its row count)
     * @param caches each sequence's cache, in the same order
     * @return (N, D) hidden states leaving the layer, in the same row order
     */
    default NDArray stepBatch(int layer, NDManager target, NDArray x, java.util.List<Positions> positions,
            java.util.List<KvCache> caches) {
        NDArray[] parts = new NDArray[positions.size()];
        int at = 0;
        try (NDManager m = target.newSubManager()) {
            for (int i = 0; i < parts.length; i++) {
                int s = positions.get(i).length();
                NDArray rows = io.iwpspark.lvlm.nn.Rows.range(m, x, at, at + s);
                parts[i] = step(layer, m, rows, positions.get(i), caches.get(i));
                at += s;
            }
            return io.iwpspark.lvlm.nn.Rows.concat(target, parts);
        }
    }

    /**
     * As {@link #stepBatch} on the last layer when only each sequence's last row goes on (to the first logits):
     * every row's keys and values still go to its cache, but the result is (B, D), row b the last row of
     * sequence b, up to float rounding what {@link #stepBatch} gives there. This default gathers them from
     * {@link #stepBatch}; a decoder overrides it to skip the attention output and MLP of the other rows.
     */
    default NDArray lastRowsBatch(NDManager target, NDArray x, java.util.List<Positions> positions,
            java.util.List<KvCache> caches) {
        try (NDManager m = target.newSubManager()) {
            NDArray all = stepBatch(layers() - 1, m, x, positions, caches);
            return io.iwpspark.lvlm.nn.Rows.take(target, all,
                    lastRows(positions.stream().mapToInt(Positions::length).toArray()));
        }
    }

    /** (B) the row of each sequence's last new token in a ragged batch of sequences of {@code lengths} tokens. */
    static int[] lastRows(int[] lengths) {
        int[] out = new int[lengths.length];
        int at = 0;
        for (int i = 0; i < out.length; i++) {
            at += lengths[i];
            out[i] = at - 1;
        }
        return out;
    }

    /** Whether {@link #decodeStep} runs here; a decoder without it decodes a batch through {@link #stepBatch}. */
    default boolean decodesPadded() {
        return false;
    }

    /**
     * One greedy decoding step of B sequences, one new token each, through every layer against their padded
     * caches, to which the new keys and values are appended. Row b equals what {@link #step} gives for sequence
     * b alone against its own cache, up to float rounding.
     *
     * @param x (B, D) embeddings of the new tokens
     * @param positions (B) each new token's position (one token each)
     * @param kv the B sequences' caches, row b for sequence b
     * @return (B, D) hidden states leaving the last layer
     */
    default NDArray decodeStep(NDManager target, NDArray x, java.util.List<Positions> positions, PaddedKv kv) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " decodes no padded batch");
    }

    /**
     * As {@link #step(int, NDManager, NDArray, Positions, KvCache)}, with {@code keyMask} (S, T) or (1, T), T the
     * cached keys plus the new ones, added to the layer's attention scores (0 or -inf); null for none.
     */
    default NDArray step(int layer, NDManager target, NDArray x, Positions positions, KvCache cache, NDArray keyMask) {
        if (keyMask == null) {
            return step(layer, target, x, positions, cache);
        }
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes no key mask");
    }

    /** Float32 logits (R, V) of final hidden states (R, D) (the final norm is applied here). */
    NDArray logits(NDArray hidden);

    /** The sizes that set the decoder's compute (the FLOPs columns). */
    DecoderShape shape();
}
