package io.iwpspark.lvlm.decoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which sequences of a batch share one padded attention. Padding S tokens to Smax costs Smax^2 - S^2 wasted
 * query-key products per head; a separate group costs a fixed number of native calls. So sequences are taken
 * longest first and a sequence joins the current group while its waste stays within a sixteenth of the
 * group's longest products plus {@link #SLACK} multiply-adds (about what a group's fifteen-odd calls cost on a
 * CPU): prompts of equal lengths (the configurations of one budget) attend together, 305 and 290 tokens apart,
 * a handful of short ones together. A looser rule (a quarter, 2^21) measured slower on the quick start's
 * generations: padded products cost more than the calls they save.
 */
public final class PadGroups {
    /** Multiply-adds of padding a group may waste per member regardless of its size (~ its calls' overhead). */
    static final long SLACK = 1L << 18;

    private PadGroups() {}

    /**
     * Groups of sequence indices, each group longest first, groups by decreasing length.
     *
     * @param lengths (B) tokens of each sequence, each at least 1
     * @param width H * d, the query heads times the head size (multiply-adds per query-key pair)
     */
    public static List<int[]> of(int[] lengths, long width) {
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
        List<int[]> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long smax = 0;
        for (int i : order) {
            long s = lengths[i];
            long waste = (smax * smax - s * s) * width;
            if (!current.isEmpty() && waste > smax * smax * width / 16 + SLACK) {
                groups.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
            }
            if (current.isEmpty()) {
                smax = s;
            }
            current.add(i);
        }
        groups.add(current.stream().mapToInt(Integer::intValue).toArray());
        return groups;
    }
}
