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
 *     guard, until c' are in or P runs out     (a c' x c' block; the rest of P only if one is skipped)
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
 * only when it could enter the pool. The N x N matrix is never built. The guard's and the lazy
 * refresh's blocks go through {@link DuplicationBlocks} (rows copied on the host, the admitted
 * columns kept), the eager N x c' block through {@link IwpScores#duplication}: the same arithmetic.
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
        Tensors.requireBudget(budget, scores.numTokens());
        try (Redundancy red = new Redundancy(scores, budget, config.lambda() < 1, update,
                new DuplicationBlocks(scores, budget))) {
            return select(scores, budget, config, update, red);
        }
    }

    /** For tests: the selection with its duplication blocks forced onto the host matrix route or off it. */
    static Result select(IwpScores scores, int budget, IwpConfig config, Update update, boolean hostMatrix) {
        Tensors.requireBudget(budget, scores.numTokens());
        try (Redundancy red = new Redundancy(scores, budget, config.lambda() < 1, update,
                new DuplicationBlocks(scores, budget, hostMatrix))) {
            return select(scores, budget, config, update, red);
        }
    }

    private static Result select(IwpScores scores, int budget, IwpConfig config, Update update, Redundancy red) {
        int n = scores.numTokens();
        float[] relevance = MagnitudeScaling.scale(scores.logMagnitudeHost(), config.scale()); // (N)
        float lambda = (float) config.lambda();
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
                    pairs += red.refresh(top);
                }
                int[] pool = Arrays.copyOf(top, poolSize);
                int[] admitted;
                if (c > 1 && lambda < 1 && config.guard() < 1) {
                    long[] guardPairs = {0};
                    admitted = guardedAdmission(red.blocks, pool, c, config.guard(), guardPairs);
                    pairs += guardPairs[0];
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
     * exceeds the guard; at most c, possibly fewer when the pool runs out. The first c candidates'
     * c x c block decides the round unless one of them is skipped; only then are the others compared
     * with the pool ((p - c) x p). Returns the admitted tokens; adds the kernel pairs to pairs[0].
     */
    private static int[] guardedAdmission(DuplicationBlocks blocks, int[] pool, int c, double guard, long[] pairs) {
        int p = pool.length;
        int[] admittedSlots = new int[c];
        int count = 0;
        int first = Math.min(c, p);
        float[] dup = blocks.duplicationAmong(Arrays.copyOf(pool, first), 0); // (first, first) row-major
        pairs[0] += (long) first * first;
        int width = first;
        int rowBase = 0;
        for (int a = 0; a < p && count < c; a++) {
            if (a == first) { // a candidate was skipped: the rest of the pool against all of it
                dup = blocks.duplicationAmong(pool, first); // (p - first, p)
                pairs[0] += (long) (p - first) * p;
                width = p;
                rowBase = first;
            }
            boolean duplicate = false;
            for (int t = 0; t < count && !duplicate; t++) {
                duplicate = dup[(a - rowBase) * width + admittedSlots[t]] > guard;
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
    private static final class Redundancy implements AutoCloseable {
        final IwpScores scores;
        final DuplicationBlocks blocks; // the guard's and (LAZY) the refresh's duplication blocks
        final boolean tracked; // false when lambda = 1: duplication is never read
        final boolean lazy;
        final float[] value; // (N) 0 while nothing was compared
        final int[] seen; // (N) token i has been compared with order[0 .. seen[i])
        final boolean[] selected; // (N)
        final int[] order; // (B) admission order
        int taken;

        Redundancy(IwpScores scores, int budget, boolean tracked, Update update, DuplicationBlocks blocks) {
            int n = scores.numTokens();
            this.scores = scores;
            this.lazy = update == Update.LAZY;
            this.blocks = blocks;
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
            if (tracked && lazy && taken < order.length) { // EAGER, or after the last round: nobody reads it
                blocks.admit(admitted);
            }
        }

        @Override
        public void close() {
            blocks.close();
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
        long refresh(int[] tokens) {
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
                float[] block = blocks.maxDuplication(group, from, taken); // (group)
                for (int t = 0; t < group.length; t++) {
                    value[group[t]] = Math.max(value[group[t]], block[t]);
                    seen[group[t]] = taken;
                }
                pairs += (long) group.length * (taken - from);
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
            float[] all = blocks.matrix();
            float[] newMax = all != null ? blocks.maxOver(all, everyToken(), cols, 0, cols.length)
                    : scores.duplication(cols, tmp).max(new int[] {1}).toFloatArray(); // (N)
            for (int i = 0; i < value.length; i++) {
                value[i] = Math.max(value[i], newMax[i]);
                seen[i] = taken;
            }
            return (long) value.length * cols.length;
        }

        private int[] everyToken() {
            int[] all = new int[value.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
    }
}
