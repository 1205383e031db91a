package io.iwpspark.pruning.iwp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.pruning.Ranking;
import io.iwpspark.pruning.Tensors;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Progressive Chunked Maximal Marginal Relevance (METHOD.md section 2).
 *
 * <pre>
 *   S = {}, red_i = 0, c = chunk0
 *   while |S| < B:
 *     c' = min(c, B - |S|); P = the top ceil(pool * c') unselected tokens by lambda r_i - (1 - lambda) red_i
 *     admit P's members in rank order, skipping any whose dup with one admitted this round exceeds
 *     guard, until c' are in or P runs out                        (a p x p block of kernel values)
 *     red_i = max(red_i, max over the admitted j of dup(i, j))
 *     c = min(chunkMax, ceil(c * growth))
 * </pre>
 * Ties go to the lower index. METHOD.md's plain rule (admit the top c') can take several copies of
 * one token in the same round, since their duplication is only seen after it; the guard is this
 * project's addition against that (pool = 1, guard = 1 restores the plain rule). chunk0 = 1 and
 * growth = 1 is exact greedy MMR, the redundancy of an empty set taken as 0.
 *
 * <p>Two ways to keep red_i, with the same selection (see {@link Update}): EAGER updates every
 * token after every round (an N x c' block, about N x B kernel pairs in all); LAZY updates a token
 * only when it could enter the pool. The N x N matrix is never built.
 */
public final class PcMmr {
    /** LAZY refreshes the stale tokens among the top LOOKAHEAD * pool + LOOKAHEAD_MIN at once. */
    static final int LOOKAHEAD = 2;
    static final int LOOKAHEAD_MIN = 8;
    /** A new duplication block costs about this many kernel pairs of fixed overhead on one CPU thread. */
    static final long MERGE_WASTE_PAIRS = 1024;

    private PcMmr() {}

    /** How the redundancies are brought up to date. */
    public enum Update {
        /** Every unselected token against the tokens admitted in the round, after every round. */
        EAGER,
        /**
         * A token's redundancy against the tokens admitted since its last update is computed only
         * when its stale objective (an upper bound: redundancy never falls as S grows) ranks it in
         * the pool; the pool is final once every member is up to date. Same pool as EAGER, since a
         * stale token outside the pool has k up-to-date tokens above its bound, hence above its
         * true objective (Minoux's lazy greedy, applied to the chunked rule).
         */
        LAZY
    }

    /** The selection in admission order plus what it cost. */
    public record Result(int[] order, int rounds, long kernelPairs) {
        /** The kept indices, ascending. */
        public int[] keptSorted() {
            int[] s = order.clone();
            Arrays.sort(s);
            return s;
        }
    }

    /**
     * PC-MMR with the update that measured faster for the budget (docs/PERFORMANCE.md): LAZY when
     * the budget is at most a quarter of the tokens (most tokens then never get near the pool),
     * EAGER otherwise (most would be refreshed anyway, in more and smaller blocks).
     */
    public static Result select(IwpScores scores, int budget, IwpConfig config) {
        return select(scores, budget, config, updateFor(budget, scores.numTokens()));
    }

    /** The update {@link #select(IwpScores, int, IwpConfig)} uses for B of N tokens. */
    public static Update updateFor(int budget, int numTokens) {
        return 4L * budget <= numTokens ? Update.LAZY : Update.EAGER;
    }

    public static Result select(IwpScores scores, int budget, IwpConfig config, Update update) {
        int n = scores.numTokens();
        Tensors.requireBudget(budget, n);
        float[] relevance = MagnitudeScaling.scale(scores.logMagnitudeHost(), config.scale()); // (N)
        float lambda = (float) config.lambda();
        Redundancy red = new Redundancy(scores, budget, lambda < 1);
        int rounds = 0;
        long pairs = 0;
        double chunk = config.chunk0();
        NDManager parent = scores.logMagnitude().getManager();
        float[] objective = new float[n]; // (N)
        while (red.taken < budget) {
            int c = (int) Math.min(Math.min(chunk, config.chunkMax()), budget - red.taken);
            int poolSize = (int) Math.min(n - red.taken, Math.ceil(config.pool() * c));
            try (NDManager tmp = parent.newSubManager()) {
                // LAZY: while a pool member is stale, refresh the stale ones among a wider top (fewer,
                // larger blocks); EAGER: everything is up to date here, the first pass is final.
                int wide = update == Update.EAGER ? poolSize
                        : (int) Math.min(n - red.taken, (long) LOOKAHEAD * poolSize + LOOKAHEAD_MIN);
                int[] top;
                while (true) {
                    for (int i = 0; i < n; i++) {
                        objective[i] = lambda * relevance[i] - (1 - lambda) * red.value[i];
                    }
                    top = Ranking.topK(objective, red.selected, wide);
                    if (red.upToDate(top, poolSize)) {
                        break;
                    }
                    pairs += red.refresh(top, tmp);
                }
                int[] pool = Arrays.copyOf(top, poolSize);
                int[] admitted;
                if (c > 1 && lambda < 1 && config.guard() < 1) {
                    admitted = guardedAdmission(scores, pool, c, config.guard(), tmp);
                    pairs += (long) poolSize * poolSize;
                } else {
                    admitted = Arrays.copyOf(pool, c);
                }
                red.admit(admitted);
                // After the last round nobody reads the redundancies.
                if (update == Update.EAGER && red.taken < budget) {
                    pairs += red.refreshAll(tmp);
                }
            }
            rounds++;
            chunk = Math.min(config.chunkMax(), Math.ceil(chunk * config.growth()));
        }
        return new Result(red.order, rounds, pairs);
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

    /** red_i = max dup(i, j) over the selected j that token i has been compared with so far. */
    private static final class Redundancy {
        final IwpScores scores;
        final boolean tracked; // false when lambda = 1: duplication is never read
        final float[] value; // (N) 0 while nothing was compared
        final int[] seen; // (N) token i has been compared with order[0 .. seen[i])
        final boolean[] selected; // (N)
        final int[] order; // (B) admission order
        int taken;

        Redundancy(IwpScores scores, int budget, boolean tracked) {
            int n = scores.numTokens();
            this.scores = scores;
            this.tracked = tracked;
            this.value = new float[n];
            this.seen = new int[n];
            this.selected = new boolean[n];
            this.order = new int[budget];
        }

        void admit(int[] admitted) {
            for (int j : admitted) {
                selected[j] = true;
                order[taken++] = j;
            }
        }

        /** True when the first k of the tokens are compared with every selected one (or nobody reads it). */
        boolean upToDate(int[] tokens, int k) {
            for (int t = 0; t < k && tracked; t++) {
                if (seen[tokens[t]] < taken) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Brings the given tokens up to date; the kernel pairs it took. Tokens sorted by the point
         * they were last compared at share one duplication block, against the columns the earliest
         * of them lacks, until the pairs computed again exceed what another block's fixed cost is
         * worth.
         */
        long refresh(int[] tokens, NDManager tmp) {
            int[] rows = Arrays.stream(tokens).filter(i -> seen[i] < taken).boxed() // stale tokens, grouped by seen
                    .sorted(Comparator.comparingInt((Integer i) -> seen[i]).thenComparingInt(i -> i))
                    .mapToInt(Integer::intValue).toArray();
            int stale = rows.length;
            long pairs = 0;
            for (int start = 0; start < stale; ) {
                int from = seen[rows[start]];
                int end = start + 1;
                long waste = 0; // pairs computed again by taking the next token into this block
                while (end < stale && (waste += (long) (seen[rows[end]] - from)) <= MERGE_WASTE_PAIRS) {
                    end++;
                }
                int[] group = Arrays.copyOfRange(rows, start, end);
                int[] cols = Arrays.copyOfRange(order, from, taken);
                float[] block = scores.duplication(group, cols, tmp).max(new int[] {1}).toFloatArray(); // (group)
                for (int t = 0; t < group.length; t++) {
                    value[group[t]] = Math.max(value[group[t]], block[t]);
                    seen[group[t]] = taken;
                }
                pairs += (long) group.length * cols.length;
                start = end;
            }
            return pairs;
        }

        /** Every token (selected ones included, as one block is cheaper) against the latest round; the pairs. */
        long refreshAll(NDManager tmp) {
            if (!tracked) {
                return 0;
            }
            int from = seen[0];
            for (int s : seen) {
                from = Math.min(from, s);
            }
            int[] cols = Arrays.copyOfRange(order, from, taken);
            float[] newMax = scores.duplication(cols, tmp).max(new int[] {1}).toFloatArray(); // (N)
            for (int i = 0; i < value.length; i++) {
                value[i] = Math.max(value[i], newMax[i]);
                seen[i] = taken;
            }
            return (long) value.length * cols.length;
        }
    }
}
