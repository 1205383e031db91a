package io.iwpspark.pruning.baselines;

import java.util.Arrays;

/**
 * CPython's {@code set} of non-negative ints, simulated for its iteration order only (DART's official loop
 * walks such a set). Follows CPython 3.7-3.13 {@code Objects/setobject.c}: the hash of a small int is the int;
 * a key goes to slot {@code hash & mask}, then up to {@value #LINEAR_PROBES} slots after it when they fit
 * before the table's end, then jumps to {@code (i * 5 + 1 + perturb) & mask} with perturb shifted right by
 * {@value #PERTURB_SHIFT} each jump. After an insertion that brings the filled slots to 3/5 of the mask, the
 * table is rebuilt at the smallest power of two above {@code used * 4} (at least 8), re-inserting the old
 * slots in slot order. Iteration visits slots in order. Checked against real CPython on random lists
 * (test data {@code dart/set-order.txt}, made by {@code tools/dart_reference.py}).
 */
final class CPythonIntSet {
    private static final int MIN_SIZE = 8;
    private static final int LINEAR_PROBES = 9;
    private static final int PERTURB_SHIFT = 5;
    private static final long EMPTY = -1;

    private long[] table; // slot -> key, EMPTY where unused (no deletions, so no dummies)
    private int fill;

    private CPythonIntSet(int size) {
        table = new long[size];
        Arrays.fill(table, EMPTY);
    }

    /** {@code set(items)}: the items added one by one in list order. */
    static CPythonIntSet of(long... items) {
        CPythonIntSet s = new CPythonIntSet(MIN_SIZE);
        for (long item : items) {
            s.add(item);
        }
        return s;
    }

    /** {@code s.copy()}: one resize up front, then the slots copied as they are when the sizes agree. */
    CPythonIntSet copy() {
        CPythonIntSet c = new CPythonIntSet(MIN_SIZE);
        if (fill * 5 >= (MIN_SIZE - 1) * 3) {
            c = new CPythonIntSet(sizeAbove(fill * 2));
        }
        if (c.table.length == table.length) {
            c.table = table.clone();
        } else {
            for (long key : table) {
                if (key != EMPTY) {
                    insertClean(c.table, key);
                }
            }
        }
        c.fill = fill;
        return c;
    }

    /** The keys in the order {@code for x in s} visits them. */
    long[] order() {
        return Arrays.stream(table).filter(k -> k != EMPTY).toArray();
    }

    private void add(long key) {
        if (key < 0) {
            throw new IllegalArgumentException("only non-negative ints are simulated, found " + key);
        }
        int mask = table.length - 1;
        long perturb = key;
        int i = (int) (key & mask);
        while (true) {
            int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
            for (int j = i; j <= i + probes; j++) {
                if (table[j] == key) {
                    return;
                }
                if (table[j] == EMPTY) {
                    table[j] = key;
                    fill++;
                    if ((long) fill * 5 >= (long) mask * 3) {
                        resize(fill > 50000 ? fill * 2 : fill * 4);
                    }
                    return;
                }
            }
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }

    private void resize(int minUsed) {
        long[] old = table;
        table = new long[sizeAbove(minUsed)];
        Arrays.fill(table, EMPTY);
        for (long key : old) {
            if (key != EMPTY) {
                insertClean(table, key);
            }
        }
    }

    /** The smallest power of two above {@code minUsed}, at least {@value #MIN_SIZE}. */
    private static int sizeAbove(int minUsed) {
        int size = MIN_SIZE;
        while (size <= minUsed) {
            size <<= 1;
        }
        return size;
    }

    /** Places a key known to be absent on the same probe path as {@link #add}. */
    private static void insertClean(long[] table, long key) {
        int mask = table.length - 1;
        long perturb = key;
        int i = (int) (key & mask);
        while (true) {
            int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
            for (int j = i; j <= i + probes; j++) {
                if (table[j] == EMPTY) {
                    table[j] = key;
                    return;
                }
            }
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }
}
