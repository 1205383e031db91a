package io.iwpspark.lvlm.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PositionsTest {
    @Test
    void takesRowsOnEveryAxis() {
        Positions p = Positions.ofAxes(new int[][] {{0, 1, 2, 3}, {0, 5, 6, 3}, {0, 7, 8, 3}});
        Positions t = p.take(new int[] {3, 1});
        assertEquals(3, t.axes());
        assertArrayEquals(new int[] {3, 1}, t.axis(0));
        assertArrayEquals(new int[] {3, 5}, t.axis(1));
        assertArrayEquals(new int[] {3, 7}, t.axis(2));
        assertEquals(8, p.max());
        assertEquals(Positions.ofAxes(new int[][] {{9}, {9}, {9}}), p.single(9));
    }

    @Test
    void concatJoinsSequencesAxisByAxis() {
        Positions a = Positions.ofAxes(new int[][] {{0, 1}, {0, 4}, {0, 5}});
        Positions b = Positions.ofAxes(new int[][] {{7}, {8}, {9}});
        Positions c = Positions.concat(java.util.List.of(a, b));
        assertArrayEquals(new int[] {0, 1, 7}, c.axis(0));
        assertArrayEquals(new int[] {0, 4, 8}, c.axis(1));
        assertArrayEquals(new int[] {0, 5, 9}, c.axis(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Positions.concat(java.util.List.of(a, Positions.of(3))));
        assertEquals("every sequence needs 3 position axes, found 1", e.getMessage());
    }

    @Test
    void sequenceIsZeroToN() {
        assertArrayEquals(new int[] {0, 1, 2}, Positions.sequence(3).axis(0));
        assertEquals(-1, Positions.sequence(0).max());
    }

    @Test
    void raggedAxesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Positions.ofAxes(new int[][] {{0, 1}, {0}}));
        assertEquals("every position axis must have 2 entries, found 1", e.getMessage());
    }
}
