package io.iwpspark.lvlm.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pad groups by hand: a sequence joins while (Smax^2 - S^2) * width <= Smax^2 * width / 16 + 2^18. */
class PadGroupsTest {
    @Test
    void similarLengthsShareAGroupAndFarOnesDoNot() {
        // width 128 (the tiny model: 4 heads x 32): the slack is 2^18 / 128 = 2048 token^2 of waste.
        // Smax 305: a member needs S^2 >= 87210.9 - 2048 = 85162.9, so S >= 292: 296 and 295 join, 25 does not
        assertEquals("[[0, 1, 2], [3]]", text(PadGroups.of(new int[] {305, 296, 295, 25}, 128)));
        assertEquals("[[0, 1], [2]]", text(PadGroups.of(new int[] {305, 292, 291}, 128)));
        // the quick start's image prompts (17 text tokens + 48 / 32 / 16 / 8 visual): Smax 65 takes S >= 44;
        // then Smax 33: 1020.9 - 2048 < 0, every shorter one joins (longest first)
        assertEquals("[[3, 0], [1, 4, 2]]", text(PadGroups.of(new int[] {49, 33, 17, 65, 25}, 128)));
    }

    @Test
    void wideHeadsSplitSooner() {
        // width 1024: the slack is 256 token^2; Smax 161: S^2 >= 24300.9 - 256, so S >= 156
        assertEquals("[[0, 1], [2]]", text(PadGroups.of(new int[] {161, 156, 155}, 1024)));
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
