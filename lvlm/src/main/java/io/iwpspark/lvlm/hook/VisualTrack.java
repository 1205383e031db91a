package io.iwpspark.lvlm.hook;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.nn.Rows;

/**
 * The vision-side facts of the visual tokens present at a stage, row for row with the decoder's
 * visual block. A token merged in decoder space has no vision-side row: its features, CLS
 * attention and keys are zeros; a token merged in vision-feature space carries its merged features.
 *
 * @param origin (N) index of each token among the sample's original visual tokens, -1 for a merged one
 * @param features (N, Dv * k) vision features
 * @param clsAttention (N) float32 CLS attention, or null when the tower has none
 * @param keys (N, dh) vision keys, or null
 * @param visionAttention (N) float32 attention each token receives in the vision tower, or null
 */
public record VisualTrack(int[] origin, NDArray features, NDArray clsAttention, NDArray keys, NDArray visionAttention) {

    public static VisualTrack initial(NDArray features, NDArray clsAttention, NDArray keys) {
        return initial(features, clsAttention, keys, null);
    }

    public static VisualTrack initial(NDArray features, NDArray clsAttention, NDArray keys, NDArray visionAttention) {
        int n = (int) features.getShape().get(0);
        int[] origin = new int[n];
        for (int i = 0; i < n; i++) {
            origin[i] = i;
        }
        return new VisualTrack(origin, features, clsAttention, keys, visionAttention);
    }

    /**
     * The track after a selection: rows {@code kept}, then {@code mergedCount} merged tokens whose
     * features are {@code mergedFeatures} (M, Dv * k) or zeros when null.
     */
    public VisualTrack select(NDManager m, int[] kept, int mergedCount, NDArray mergedFeatures) {
        int[] next = new int[kept.length + mergedCount];
        for (int i = 0; i < kept.length; i++) {
            next[i] = origin[kept[i]];
        }
        java.util.Arrays.fill(next, kept.length, next.length, -1);
        NDArray f = Rows.take(m, features, kept);
        if (mergedCount > 0) {
            NDArray extra = mergedFeatures != null ? mergedFeatures
                    : m.zeros(new ai.djl.ndarray.types.Shape(mergedCount, features.getShape().get(1)), features.getDataType());
            f = Rows.concat(m, f, extra.toType(features.getDataType(), false));
        }
        return new VisualTrack(next, f, extend(m, clsAttention, kept, mergedCount), extend(m, keys, kept, mergedCount),
                extend(m, visionAttention, kept, mergedCount));
    }

    private static NDArray extend(NDManager m, NDArray x, int[] kept, int merged) {
        if (x == null) {
            return null;
        }
        NDArray rows = Rows.take(m, x, kept);
        if (merged == 0) {
            return rows;
        }
        long[] dims = x.getShape().getShape().clone();
        dims[0] = merged;
        return Rows.concat(m, rows, m.zeros(new ai.djl.ndarray.types.Shape(dims), x.getDataType()));
    }

    public int size() {
        return origin.length;
    }

    @Override
    public int[] origin() {
        return origin.clone();
    }
}
