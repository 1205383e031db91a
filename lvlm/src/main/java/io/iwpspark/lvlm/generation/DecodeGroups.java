package io.iwpspark.lvlm.generation;

import io.iwpspark.lvlm.decoder.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which decoding sequences share one padded cache. Every row of a padded cache is as long as its longest
 * sequence, so an unpruned configuration (all visual tokens) beside pruned ones makes the whole batch copy,
 * extend and attend that length each step; a second padded group costs a fixed set of native calls per step
 * instead. The sequences are split, longest first, into at most two groups where that saves more than
 * {@link #GROUP_SLOTS} slots over one group.
 */
final class DecodeGroups {
    /** Padded slots a group's own calls are worth (~0.3 ms a step on the tiny model's CPU, ~0.3 us a slot). */
    static final long GROUP_SLOTS = 1024;

    private DecodeGroups() {}

    /**
     * @param active the configurations decoding, in increasing order
     * @param caches their caches, in the same order
     * @return one or two groups of configurations, each in increasing order, the longer sequences first
     */
    static List<List<Integer>> of(List<Integer> active, List<KvCache> caches) {
        int b = active.size();
        long[] length = new long[b]; // (B) slots a sequence needs: its longest layer
        for (int j = 0; j < b; j++) {
            KvCache c = caches.get(j);
            for (int l = 0; l < c.layers(); l++) {
                length[j] = Math.max(length[j], c.length(l));
            }
        }
        Integer[] order = new Integer[b];
        for (int j = 0; j < b; j++) {
            order[j] = j;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer j) -> length[j]).reversed());
        long one = b * (b == 0 ? 0 : length[order[0]]);
        int split = 0; // the longest `split` sequences form the first group
        long best = one;
        for (int k = 1; k < b; k++) {
            long two = k * length[order[0]] + (b - k) * length[order[k]] + GROUP_SLOTS;
            if (two < best) {
                best = two;
                split = k;
            }
        }
        if (split == 0) {
            return List.of(new ArrayList<>(active));
        }
        return List.of(members(active, order, 0, split), members(active, order, split, b));
    }

    /** The configurations of order[from, to), in increasing order. */
    private static List<Integer> members(List<Integer> active, Integer[] order, int from, int to) {
        int[] idx = new int[to - from];
        for (int j = from; j < to; j++) {
            idx[j - from] = order[j];
        }
        Arrays.sort(idx);
        List<Integer> out = new ArrayList<>(idx.length);
        for (int j : idx) {
            out.add(active.get(j));
        }
        return out;
    }
}
