package io.iwpspark.pruning;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Map;

/**
 * The result of one pruning stage.
 *
 * @param kept indices into the stage's visual tokens, ascending, no duplicates
 * @param merged (M, D or Dv) merged tokens placed after the kept ones, or null when M = 0; under
 *     {@link MergeSpace#HIDDEN_IN_PLACE} (K, D), the new hidden states of the kept tokens themselves (M = 0); it
 *     belongs to the NDManager of the inputs, so the caller closes it with them
 * @param mergeSpace the space of {@code merged}; NONE when it is null
 * @param diagnostics method-specific numbers worth logging (rounds, kernel pairs, ...)
 */
public record Selection(int[] kept, NDArray merged, MergeSpace mergeSpace, Map<String, Double> diagnostics) {
    public Selection {
        kept = kept.clone();
        for (int i = 1; i < kept.length; i++) {
            if (kept[i] <= kept[i - 1]) {
                throw new IllegalArgumentException(
                        "kept indices must be strictly ascending, found " + kept[i - 1] + " then " + kept[i]);
            }
        }
        if ((merged == null) != (mergeSpace == MergeSpace.NONE)) {
            throw new IllegalArgumentException("merged is " + (merged == null ? "null" : "present")
                    + " but mergeSpace is " + mergeSpace);
        }
        if (mergeSpace == MergeSpace.HIDDEN_IN_PLACE && merged.getShape().get(0) != kept.length) {
            throw new IllegalArgumentException("in-place merged rows must be one per kept token (" + kept.length
                    + "), found " + merged.getShape());
        }
        diagnostics = Map.copyOf(diagnostics);
    }

    /** A selection of kept tokens only; sorts a copy of {@code kept}. */
    public static Selection of(int[] kept, Map<String, Double> diagnostics) {
        int[] sorted = kept.clone();
        Arrays.sort(sorted);
        return new Selection(sorted, null, MergeSpace.NONE, diagnostics);
    }

    /** Tokens after this stage: kept plus merged (in-place rows add none). */
    public int size() {
        return kept.length + mergedCount();
    }

    /** M, the merged tokens added after the kept ones (0 for in-place rows). */
    public int mergedCount() {
        return merged == null || mergeSpace == MergeSpace.HIDDEN_IN_PLACE ? 0 : (int) merged.getShape().get(0);
    }

    @Override
    public int[] kept() {
        return kept.clone();
    }
}
