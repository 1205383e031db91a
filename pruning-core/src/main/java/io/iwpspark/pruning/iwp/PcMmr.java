package io.iwpspark.pruning.iwp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.Ranking;
import io.iwpspark.pruning.Tensors;
import java.util.Arrays;

/**
 * Progressive Chunked Maximal Marginal Relevance (METHOD.md section 2).
 *
 * <pre>
 *   S = {}, red_i = 0, c = chunk0
 *   while |S| < B:
 *     c' = min(c, B - |S|); P = the top ceil(pool * c') unselected tokens by lambda r_i - (1 - lambda) red_i
 *     admit P's members in rank order, skipping any whose dup with one admitted this round exceeds
 *     guard, until c' are in or P runs out                        (a p x p block of kernel values)
 *     red_i = max(red_i, max over the admitted j of dup(i, j))     (an N x c' block)
 *     c = min(chunkMax, ceil(c * growth))
 * </pre>
 * Ties go to the lower index. METHOD.md's plain rule (admit the top c') can take several copies of
 * one token in the same round, since their duplication is only seen after it; the guard is this
 * project's addition against that (pool = 1, guard = 1 restores the plain rule). chunk0 = 1 and
 * growth = 1 is exact greedy MMR, the redundancy of an empty set taken as 0.
 * Work: B / mean(c) rounds, about N x B kernel pairs in all; the N x N matrix is never built.
 */
public final class PcMmr {
    private PcMmr() {}

    /** The selection in admission order plus what it cost. */
    public record Result(int[] order, int rounds, long kernelPairs) {
        /** The kept indices, ascending. */
        public int[] keptSorted() {
            int[] s = order.clone();
            Arrays.sort(s);
            return s;
        }
    }

    public static Result select(IwpScores scores, int budget, IwpConfig config) {
        int n = scores.numTokens();
        Tensors.requireBudget(budget, n);
        float[] relevance = MagnitudeScaling.scale(scores.logMagnitudeHost(), config.scale()); // (N)
        float lambda = (float) config.lambda();
        float[] redundancy = new float[n]; // (N) max dup with the selected set, 0 while it is empty
        boolean[] selected = new boolean[n];
        float[] objective = new float[n]; // (N)
        int[] order = new int[budget];
        int taken = 0;
        int rounds = 0;
        long pairs = 0;
        double chunk = config.chunk0();
        NDManager parent = scores.logMagnitude().getManager();
        while (taken < budget) {
            int c = (int) Math.min(Math.min(chunk, config.chunkMax()), budget - taken);
            for (int i = 0; i < n; i++) {
                objective[i] = lambda * relevance[i] - (1 - lambda) * redundancy[i];
            }
            int poolSize = (int) Math.min(n - taken, Math.ceil(config.pool() * c));
            int[] pool = Ranking.topK(objective, selected, poolSize);
            int[] admitted;
            try (NDManager tmp = parent.newSubManager()) {
                if (c > 1 && lambda < 1 && config.guard() < 1) {
                    admitted = guardedAdmission(scores, pool, c, config.guard(), tmp);
                    pairs += (long) poolSize * poolSize;
                } else {
                    admitted = Arrays.copyOf(pool, c);
                }
                for (int j : admitted) {
                    selected[j] = true;
                    order[taken++] = j;
                }
                // Lambda = 1 ignores duplication; after the last round nobody reads the update.
                if (lambda < 1 && taken < budget) {
                    NDArray block = scores.duplication(admitted, tmp); // (N, c)
                    float[] newMax = block.max(new int[] {1}).toFloatArray(); // (N)
                    for (int i = 0; i < n; i++) {
                        redundancy[i] = Math.max(redundancy[i], newMax[i]);
                    }
                    pairs += (long) n * c;
                }
            }
            rounds++;
            chunk = Math.min(config.chunkMax(), Math.ceil(chunk * config.growth()));
        }
        return new Result(order, rounds, pairs);
    }

    /**
     * The pool in rank order, skipping a candidate whose duplication with one admitted this round
     * exceeds the guard; at most c, possibly fewer when the pool runs out.
     */
    private static int[] guardedAdmission(IwpScores scores, int[] pool, int c, double guard, NDManager tmp) {
        int p = pool.length;
        float[] dup = scores.duplication(pool, pool, tmp).toFloatArray(); // (p, p) row-major
        int[] admittedSlots = new int[c];
        int count = 0;
        for (int a = 0; a < p && count < c; a++) {
            boolean duplicate = false;
            for (int t = 0; t < count && !duplicate; t++) {
                duplicate = dup[a * p + admittedSlots[t]] > guard;
            }
            if (!duplicate) {
                admittedSlots[count++] = a;
            }
        }
        int[] admitted = new int[count];
        for (int t = 0; t < count; t++) {
            admitted[t] = pool[admittedSlots[t]];
        }
        return admitted;
    }
}
