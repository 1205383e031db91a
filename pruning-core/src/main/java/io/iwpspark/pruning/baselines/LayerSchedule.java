package io.iwpspark.pruning.baselines;

import io.iwpspark.pruning.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-stage keep schedules matched to an average token count over the decoder layers.
 *
 * <p>A schedule with stage layers l_1 < ... < l_S and keeps k_1 >= ... >= k_S runs N visual tokens
 * through layers 0..l_1-1, k_1 through l_1..l_2-1, ..., k_S through l_S..L-1; its average is
 * (l_1 N + sum_s (l_{s+1} - l_s) k_s) / L with l_{S+1} = L. Papers compare multi-stage methods at
 * matched average tokens, so the keeps are chosen to bring this average as close to the budget as
 * the family allows, from a shape rho_1 = 1 >= rho_2 >= ... (the method's stage ratios):
 * <ul>
 *   <li>scaled: k_s = clamp(round(x rho_s), 1, k_{s-1}) for x = 1..N (the first stage keeps x);</li>
 *   <li>flattened, past x = N: k_s = clamp(round(N rho_s^t), 1, k_{s-1}) for t = 1 - j / {@value #STEPS},
 *       j = 1..{@value #STEPS} (t = 0 keeps all N everywhere).</li>
 * </ul>
 * The averages rise along this list; the candidate with the smallest |average - B| wins, the earlier
 * (fewer tokens) on a tie.
 */
final class LayerSchedule {
    static final int STEPS = 4096;

    private LayerSchedule() {}

    /** The average visual tokens per decoder layer. */
    static double average(int n, int numLayers, int[] layers, int[] keeps) {
        double sum = (double) layers[0] * n;
        for (int s = 0; s < layers.length; s++) {
            int end = s + 1 < layers.length ? layers[s + 1] : numLayers;
            sum += (double) (end - layers[s]) * keeps[s];
        }
        return sum / numLayers;
    }

    /** The keeps of the scaled family at first-stage keep x. */
    static int[] scaled(int x, double[] rho) {
        int[] k = new int[rho.length];
        for (int s = 0; s < rho.length; s++) {
            long v = Math.round(x * rho[s]);
            k[s] = (int) Math.max(1, Math.min(s == 0 ? x : k[s - 1], v));
        }
        return k;
    }

    /** The keeps of the flattened family at exponent t. */
    static int[] flattened(int n, double t, double[] rho) {
        int[] k = new int[rho.length];
        for (int s = 0; s < rho.length; s++) {
            long v = Math.round(n * Math.pow(rho[s], t));
            k[s] = (int) Math.max(1, Math.min(s == 0 ? n : k[s - 1], v));
        }
        return k;
    }

    /** The smallest average the scaled family reaches on these layers (x = 1). */
    static double minimum(int n, int numLayers, int[] layers, double[] rho) {
        return average(n, numLayers, layers, scaled(1, rho));
    }

    /** The keeps whose average is closest to the budget (see the class comment). */
    static int[] match(int n, int numLayers, int[] layers, double[] rho, int budget) {
        int[] best = null;
        double bestErr = Double.POSITIVE_INFINITY;
        for (int x = 1; x <= n; x++) {
            int[] k = scaled(x, rho);
            double err = Math.abs(average(n, numLayers, layers, k) - budget);
            if (err < bestErr) {
                best = k;
                bestErr = err;
            }
        }
        for (int j = 1; j <= STEPS; j++) {
            int[] k = flattened(n, 1.0 - (double) j / STEPS, rho);
            double err = Math.abs(average(n, numLayers, layers, k) - budget);
            if (err < bestErr) {
                best = k;
                bestErr = err;
            }
        }
        return best;
    }

    static List<Stage> stages(int[] layers, int[] keeps) {
        List<Stage> out = new ArrayList<>();
        for (int s = 0; s < layers.length; s++) {
            out.add(new Stage(layers[s], keeps[s]));
        }
        return List.copyOf(out);
    }

    /** Checks strictly ascending layers in [1, numLayers - 1]. */
    static void requireLayers(String pruner, int[] layers, int numLayers) {
        for (int s = 0; s < layers.length; s++) {
            if (layers[s] < 1 || layers[s] >= numLayers || (s > 0 && layers[s] <= layers[s - 1])) {
                throw new IllegalArgumentException(pruner + ": stage layers " + java.util.Arrays.toString(layers)
                        + " must ascend strictly within [1, numLayers - 1] for numLayers " + numLayers);
            }
        }
    }
}
