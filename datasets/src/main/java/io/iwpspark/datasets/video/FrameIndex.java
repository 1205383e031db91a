package io.iwpspark.datasets.video;

import java.util.Arrays;

/**
 * The video packets of one stream, read once without decoding (as decord indexes a file): frame i
 * in presentation order is the packet with the i-th smallest timestamp, and the key frames say
 * where decoding can start after a seek. Timestamps are pts, or dts when a packet has no pts;
 * {@code ordered} is false when some packet has neither, and frames are then counted as decoded.
 */
final class FrameIndex {
    private long[] stamps = new long[256];
    private long[] keys = new long[16];
    private int count;
    private int keyCount;
    private boolean ordered = true;
    private boolean sorted;

    void add(long stamp, boolean key, boolean known) {
        if (!known) {
            ordered = false;
        }
        if (count == stamps.length) {
            stamps = Arrays.copyOf(stamps, count * 2);
        }
        stamps[count++] = stamp;
        if (key && known) {
            if (keyCount == keys.length) {
                keys = Arrays.copyOf(keys, keyCount * 2);
            }
            keys[keyCount++] = stamp;
        }
    }

    int count() {
        return count;
    }

    boolean ordered() {
        return ordered && keyCount > 0;
    }

    /** The timestamp of frame i in presentation order. */
    long stamp(int i) {
        sort();
        return stamps[i];
    }

    /** The latest key frame at or before {@code stamp}; the first frame's when none is. */
    long keyAtOrBefore(long stamp) {
        sort();
        int k = Arrays.binarySearch(keys, 0, keyCount, stamp);
        if (k >= 0) {
            return keys[k];
        }
        int before = -k - 2;
        return before >= 0 ? keys[before] : stamps[0];
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(stamps, 0, count);
            Arrays.sort(keys, 0, keyCount);
            sorted = true;
        }
    }
}
