package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.pruning.Ranking;
import io.iwpspark.pruning.Tensors;
import java.util.Arrays;

/**
 * The token sequence DyCoke's TTM leaves ({@link DyCokePruner}'s rule): official KD-TAO/DyCoke
 * {@code llava/model/llava_arch.py} {@code dycole_ttm}, commit dd7463498203479d0ff6f2d29c4e72928c0af244.
 * Similarities are taken in float32 (officially in the model's dtype, half precision in its evaluations).
 */
final class DyCokeTtm {
    private DyCokeTtm() {}

    /** Token indices in the official output order; {@code keeps} per pruned frame, frame order. */
    static int[] order(NDArray hidden, DyCokeFrames frames, int[] keeps) {
        int t = frames.tokensPerFrame();
        int[] anchor = frames.anchor();
        int[] out = new int[anchor.length * t + frames.trailing()];
        int m = 0;
        int p = 0;
        try (Scratch s = Scratch.over(hidden)) {
            NDArray x = hidden.toType(DataType.FLOAT32, false); // (N, D)
            Tensors.requireFinite("visualHidden", x);
            for (int f = 0; f < anchor.length; f++) {
                if (anchor[f] < 0) {
                    for (int j = 0; j < t; j++) {
                        out[m++] = f * t + j;
                    }
                    continue;
                }
                float[] sim = cosine(x.get(anchor[f] * t + ":" + (anchor[f] + 1) * t), x.get(f * t + ":" + (f + 1) * t),
                        f % 2 == 1);
                for (int i = 0; i < sim.length; i++) {
                    sim[i] = -sim[i]; // least similar first
                }
                for (int j : Ranking.topK(sim, null, keeps[p++])) {
                    out[m++] = f * t + j;
                }
            }
        }
        int tail = frames.frames() * t;
        for (int j = 0; j < frames.trailing(); j++) {
            out[m++] = tail + j;
        }
        return Arrays.copyOf(out, m);
    }

    /**
     * (T) cosine similarity of row i of a and b, as torch.nn.functional.cosine_similarity (each row over
     * max(norm, 1e-8)); {@code normalizeFirst} first scales rows to unit norm (normalize, eps 1e-12), as pass 1 does.
     */
    static float[] cosine(NDArray a, NDArray b, boolean normalizeFirst) {
        if (normalizeFirst) {
            a = Picks.unitRows(a);
            b = Picks.unitRows(b);
        }
        NDArray ua = a.div(a.norm(new int[] {1}, true).maximum(1e-8f));
        NDArray ub = b.div(b.norm(new int[] {1}, true).maximum(1e-8f));
        return ua.mul(ub).sum(new int[] {1}).toFloatArray();
    }
}
