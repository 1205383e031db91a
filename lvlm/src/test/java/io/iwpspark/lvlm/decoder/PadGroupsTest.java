package io.iwpspark.lvlm.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pad groups by hand: the rule is waste (Smax^2 - S^2) * width <= Smax^2 * width / 4 + 2^21. */
class PadGroupsTest {
    @Test
    void similarLengthsShareAGroupAndFarOnesDoNot() {
        // width 128 (the tiny model: 4 heads x 32): the slack is 2^21 / 128 = 16384 token^2 of waste.
        // Smax 305: a member needs S^2 >= 0.75 * 93025 - 16384 = 53384.75, so S >= 232: 305, 290, 240 together;
        // then Smax 65: 0.75 * 4225 - 16384 < 0, every shorter one joins (longest first).
        assertEquals("[[0, 3, 5], [1, 4, 2]]", text(PadGroups.of(new int[] {305, 65, 25, 290, 40, 240}, 128)));
        // 232 joins, 231 misses by one token and starts its own group, which 25 cannot join
        // (Smax 231: S^2 >= 0.75 * 53361 - 16384 = 23636.75, so S >= 154)
        assertEquals("[[0, 1], [2]]", text(PadGroups.of(new int[] {305, 232, 25}, 128)));
        assertEquals("[[0], [1], [2]]", text(PadGroups.of(new int[] {305, 231, 25}, 128)));
    }

    @Test
    void wideHeadsSplitSooner() {
        // width 1024: the slack is 2048 token^2; Smax 161: S^2 >= 19440.75 - 2048, so S >= 132
        assertEquals("[[0, 1], [2]]", text(PadGroups.of(new int[] {161, 132, 131}, 1024)));
    }

    @Test
    void equalLengthsAndOneSequence() {
        assertEquals("[[0, 1, 2]]", text(PadGroups.of(new int[] {7, 7, 7}, 4096)));
        assertEquals("[[0]]", text(PadGroups.of(new int[] {12}, 128)));
    }

    private static String text(List<int[]> groups) {
        return groups.stream().map(java.util.Arrays::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
