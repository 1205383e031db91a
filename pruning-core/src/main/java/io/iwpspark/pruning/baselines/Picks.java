package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.PrunerParams;
import io.iwpspark.pruning.Ranking;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import io.iwpspark.pruning.Tensors;
import java.util.Map;
import java.util.Set;

/** Small helpers shared by the baselines: stage checks, "keep everything", top attention, row normalisation. */
final class Picks {
    /** Guards the norm in cosine similarity: a zero vector gets cosine 0 with everything, not NaN. */
    static final float NORM_EPS = 1e-12f;

    private Picks() {}

    /** Checks that the stage keeps at most the tokens present. */
    static void requireStage(String pruner, Stage stage, int numVisual) {
        if (stage.keep() > numVisual) {
            throw new IllegalArgumentException(pruner + ": stage keep " + stage.keep()
                    + " exceeds the visual tokens present (numVisual " + numVisual + ")");
        }
    }

    /**
     * The stage's keep tokens with the most attention from the last text token (FastV's rule, and
     * PyramidDrop's at each of its stages); every token when the stage keeps them all.
     */
    static Selection topByLastTokenAttention(String pruner, PruneInputs inputs, Stage stage) {
        return topByAttention(pruner, "lastTokenAttention", inputs.lastTokenAttention(), inputs.numVisual(), stage);
    }

    /**
     * The stage's keep tokens with the most attention (N) in {@code field}, ascending, ties to the lower index;
     * every token when the stage keeps them all.
     */
    static Selection topByAttention(String pruner, String field, NDArray attention, int n, Stage stage) {
        requireStage(pruner, stage, n);
        if (stage.keep() == n) {
            return all(n);
        }
        Tensors.requireFinite(field, attention);
        return Selection.of(Ranking.topK(attention.toFloatArray(), null, stage.keep()), Map.of());
    }

    /**
     * F * gridHeight * gridWidth, the frame tokens, which come first; any after them (OneVision's video newline)
     * belong to no frame. Throws when the frames hold more tokens than are present.
     */
    static int frameTokens(String pruner, PruneInputs inputs) {
        long tokens = (long) inputs.frames() * inputs.gridHeight() * inputs.gridWidth();
        if (tokens > inputs.numVisual()) {
            throw new IllegalArgumentException(pruner + " needs frames * gridHeight * gridWidth <= numVisual, found "
                    + inputs.frames() + " * " + inputs.gridHeight() + " * " + inputs.gridWidth() + " > " + inputs.numVisual());
        }
        return (int) tokens;
    }

    /** Every token, in order (a budget equal to N). */
    static Selection all(int n) {
        int[] kept = new int[n];
        for (int i = 0; i < n; i++) {
            kept[i] = i;
        }
        return Selection.of(kept, Map.of());
    }

    /** Rows scaled to unit L2 norm: (R, C) -> (R, C). */
    static NDArray unitRows(NDArray x) {
        NDArray norm = x.norm(new int[] {1}, true).maximum(NORM_EPS); // (R, 1)
        return x.div(norm);
    }

    /** Indices 0..n-1 not in {@code taken} (ascending). */
    static int[] complement(int n, int[] taken) {
        boolean[] in = new boolean[n];
        for (int t : taken) {
            in[t] = true;
        }
        int[] rest = new int[n - taken.length];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!in[i]) {
                rest[m++] = i;
            }
        }
        return rest;
    }

    /** An INT64 index array (K) on {@code m}'s device, for gathering rows. */
    static NDArray indices(ai.djl.ndarray.NDManager m, int[] idx) {
        long[] wide = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            wide[i] = idx[i];
        }
        return m.create(wide);
    }

    /** Validates the parameter names of a factory call (the registry checks too; direct callers may not). */
    static PrunerParams only(PrunerParams params, Set<String> allowed) {
        return params.requireOnly(allowed);
    }

    /** Checks 1 <= layer < numLayers for a pruner that prunes inside the decoder. */
    static void requireLayer(String pruner, String param, int layer, int numLayers) {
        if (layer < 1 || layer >= numLayers) {
            throw new IllegalArgumentException(pruner + " parameter " + param + " must be in [1, numLayers - 1] = [1, "
                    + (numLayers - 1) + "], found " + layer);
        }
    }
}
