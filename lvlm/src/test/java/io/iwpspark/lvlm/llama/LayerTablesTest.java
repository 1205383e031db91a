package io.iwpspark.lvlm.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A kept table is handed back while the manager and key match, built again (the old one closed) when either
 * changes, and never handed back once its manager was closed.
 */
class LayerTablesTest {
    /** Builds one array [value] and counts the builds. */
    private static Function<NDManager, NDArray[]> counted(AtomicInteger builds, float value) {
        return m -> {
            builds.incrementAndGet();
            return new NDArray[] {m.create(new float[] {value})};
        };
    }

    @Test
    void aForwardsLayersShareOneBuild() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerTables tables = new LayerTables();
            AtomicInteger builds = new AtomicInteger();
            NDArray[] first = tables.masks(m, List.of(4, 0), counted(builds, 1f));
            for (int layer = 1; layer < 3; layer++) {
                assertSame(first, tables.masks(m, List.of(4, 0), counted(builds, 1f)), "layer " + layer);
            }
            assertEquals(1, builds.get());
            // equal keys made anew (a new list per layer, as callers make them) still match
            assertSame(first, tables.masks(m, List.of(Integer.valueOf(4), Integer.valueOf(0)), counted(builds, 1f)));
            // the rope entry is kept apart from the masks
            NDArray[] cos = tables.rope(m, List.of(4, 0), counted(builds, 2f));
            assertEquals(2, builds.get());
            assertArrayEquals(new float[] {1f}, tables.masks(m, List.of(4, 0), counted(builds, 1f))[0].toFloatArray());
            assertArrayEquals(new float[] {2f}, cos[0].toFloatArray());
        }
    }

    @Test
    void anotherKeyOrManagerBuildsAgainAndClosesTheOld() {
        try (NDManager m = NDManager.newBaseManager(); NDManager other = m.newSubManager()) {
            LayerTables tables = new LayerTables();
            AtomicInteger builds = new AtomicInteger();
            NDArray[] a = tables.masks(m, List.of(4, 0), counted(builds, 1f));
            NDArray[] b = tables.masks(m, List.of(4, 4), counted(builds, 3f)); // the next step of a decode
            assertNotSame(a, b);
            assertTrue(a[0].isReleased(), "the replaced mask is closed");
            NDArray[] c = tables.masks(other, List.of(4, 4), counted(builds, 3f)); // same key, another manager
            assertNotSame(b, c);
            assertTrue(b[0].isReleased());
            assertFalse(c[0].isReleased());
            assertSame(other, c[0].getManager(), "built into the manager the step returns into");
            assertEquals(3, builds.get());
        }
    }

    @Test
    void aReleasedTableIsNotHandedBack() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerTables tables = new LayerTables();
            AtomicInteger builds = new AtomicInteger();
            NDArray[] a = tables.masks(m, List.of(4, 0), counted(builds, 1f));
            a[0].close(); // as when the manager it lives in is closed
            NDArray[] b = tables.masks(m, List.of(4, 0), counted(builds, 1f));
            assertNotSame(a, b);
            assertArrayEquals(new float[] {1f}, b[0].toFloatArray());
            assertEquals(2, builds.get());
            NDManager sample = m.newSubManager();
            tables.masks(sample, List.of(5, 0), counted(builds, 1f));
            sample.close(); // the next step (another manager) finds its table released and builds its own
            assertArrayEquals(new float[] {4f}, tables.masks(m, List.of(5, 0), counted(builds, 4f))[0].toFloatArray());
        }
    }

    @Test
    void unmaskedEntriesAreKeptToo() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerTables tables = new LayerTables();
            AtomicInteger builds = new AtomicInteger();
            Function<NDManager, NDArray[]> none = x -> {
                builds.incrementAndGet();
                return new NDArray[] {null};
            };
            assertNull(tables.masks(m, List.of(1, 7), none)[0]);
            assertNull(tables.masks(m, List.of(1, 7), none)[0]);
            assertEquals(1, builds.get());
        }
    }
}
