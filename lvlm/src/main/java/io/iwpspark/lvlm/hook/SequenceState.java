package io.iwpspark.lvlm.hook;

import ai.djl.ndarray.NDArray;
import io.iwpspark.lvlm.decoder.Positions;
import java.util.function.Supplier;

/**
 * The decoder's input at the current layer during one generation: [text before | N visual | text
 * after]. Mutable, confined to one generation.
 */
public final class SequenceState {
    /** (S, D) hidden states entering the current layer. */
    public NDArray hidden;
    /** (S) position ids of the tokens. */
    public Positions positions;
    /** Index of the first visual token. */
    public int visualStart;
    /** N, the visual tokens present (kept + merged). */
    public int visualCount;
    /** (S, D) the input of the previous layer (same layout: no stage in between), or null at layer 0. */
    public NDArray previousInput;
    /** The vision-side rows of the visual tokens, as set; read it through {@link #track()}. */
    public VisualTrack track;
    /** A stage's selection of {@link #track}, applied on first read: most sequences never read it again. */
    private Supplier<VisualTrack> pendingTrack;

    /** The vision-side rows of the visual tokens present now. */
    public VisualTrack track() {
        if (pendingTrack != null) {
            track = pendingTrack.get();
            pendingTrack = null;
        }
        return track;
    }

    /** Sets the track to {@code next}, computed only when read (its inputs must outlive the sequence). */
    public void trackLater(Supplier<VisualTrack> next) {
        pendingTrack = next;
    }

    public int length() {
        return positions.length();
    }

    /** Rows of the text after the visual block (the instruction, T of them). */
    public int[] textRows() {
        int from = visualStart + visualCount;
        int[] rows = new int[positions.length() - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return rows;
    }

    public int[] visualRows() {
        int[] rows = new int[visualCount];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = visualStart + i;
        }
        return rows;
    }

    public Positions positionsOf(int[] rows) {
        return positions.take(rows);
    }
}
