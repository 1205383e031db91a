package io.iwpspark.lvlm.decoder;

import java.util.Arrays;

/**
 * The position ids of a sequence's tokens, one row per rotary axis: one axis for 1-D RoPE (LLaMA,
 * Mistral, Qwen2), three for multimodal RoPE (temporal, height, width). Immutable.
 */
public final class Positions {
    private final int[][] ids; // (A, S) position id of each token on each axis

    private Positions(int[][] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("positions need at least one axis, found none");
        }
        for (int[] axis : ids) {
            if (axis.length != ids[0].length) {
                throw new IllegalArgumentException("every position axis must have " + ids[0].length
                        + " entries, found " + axis.length);
            }
        }
        this.ids = ids;
    }

    /** 0, 1, ..., n - 1 on one axis. */
    public static Positions sequence(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return new Positions(new int[][] {p});
    }

    /** One axis of ids. */
    public static Positions of(int... ids) {
        return new Positions(new int[][] {ids.clone()});
    }

    /** (A, S) ids, copied. */
    public static Positions ofAxes(int[][] ids) {
        int[][] copy = new int[ids.length][];
        for (int a = 0; a < ids.length; a++) {
            copy[a] = ids[a].clone();
        }
        return new Positions(copy);
    }

    /**
     * The positions of several sequences one after another, axis by axis (a ragged batch's rows);
     * every part must have the same axes.
     */
    public static Positions concat(java.util.List<Positions> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one sequence's positions, found none");
        }
        int axes = parts.get(0).axes();
        int total = 0;
        for (Positions p : parts) {
            if (p.axes() != axes) {
                throw new IllegalArgumentException("every sequence needs " + axes + " position axes, found " + p.axes());
            }
            total += p.length();
        }
        int[][] out = new int[axes][total];
        int at = 0;
        for (Positions p : parts) {
            for (int a = 0; a < axes; a++) {
                System.arraycopy(p.ids[a], 0, out[a], at, p.length());
            }
            at += p.length();
        }
        return new Positions(out);
    }

    public int axes() {
        return ids.length;
    }

    /** S, the tokens. */
    public int length() {
        return ids[0].length;
    }

    /** The ids (S) of one axis, copied. */
    public int[] axis(int a) {
        return ids[a].clone();
    }

    /** The id of token {@code row} on axis {@code a}. */
    public int get(int a, int row) {
        return ids[a][row];
    }

    /** The positions of the given rows, in that order. */
    public Positions take(int[] rows) {
        int[][] out = new int[ids.length][rows.length];
        for (int a = 0; a < ids.length; a++) {
            for (int i = 0; i < rows.length; i++) {
                out[a][i] = ids[a][rows[i]];
            }
        }
        return new Positions(out);
    }

    /** The largest id on any axis (-1 when empty): the next generated token takes this + 1 on every axis. */
    public int max() {
        int max = -1;
        for (int[] axis : ids) {
            for (int p : axis) {
                max = Math.max(max, p);
            }
        }
        return max;
    }

    /** One token at id {@code p} on every axis (a decoding step). */
    public Positions single(int p) {
        int[][] out = new int[ids.length][1];
        for (int[] axis : out) {
            axis[0] = p;
        }
        return new Positions(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Positions other && Arrays.deepEquals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(ids);
    }

    @Override
    public String toString() {
        return ids.length == 1 ? Arrays.toString(ids[0]) : Arrays.deepToString(ids);
    }
}
