package io.iwpspark.lvlm.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.decoder.KvCache;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoding groups against hand-computed slot counts. */
class DecodeGroupsTest {
    @Test
    void aMuchLongerCacheGetsAGroupOfItsOwnWhenThatSavesMoreThanAGroupCosts() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 1 x 200 + 9 x 40 + 1024 = 1584 < 10 x 200 = 2000 slots: the 200 alone, configurations kept in order
            assertEquals(List.of(List.of(3), List.of(0, 1, 2, 4, 5, 6, 7, 8, 9)),
                    DecodeGroups.of(ids(10), caches(m, 40, 40, 40, 200, 40, 40, 40, 40, 40, 40)));
            // 1 x 200 + 4 x 40 + 1024 = 1384 > 5 x 200 = 1000: one group
            assertEquals(List.of(List.of(0, 1, 2, 3, 4)), DecodeGroups.of(ids(5), caches(m, 40, 200, 40, 40, 40)));
            // the best split point: 2 x 300 + 10 x 20 + 1024 = 1824, below 1 x 300 + 11 x 290 + 1024 and 12 x 300
            int[] lengths = {20, 300, 20, 20, 20, 290, 20, 20, 20, 20, 20, 20};
            assertEquals(List.of(List.of(1, 5), List.of(0, 2, 3, 4, 6, 7, 8, 9, 10, 11)),
                    DecodeGroups.of(ids(12), caches(m, lengths)));
            // a cache's longest layer counts (a stage that pruned its later layers leaves layer 0 the longest)
            assertEquals(List.of(List.of(7), List.of(0, 1, 2, 3, 4, 5, 6, 8, 9)),
                    DecodeGroups.of(ids(10), layered(m, 7, 200, 10)));
        }
    }

    private static List<Integer> ids(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /** One-layer caches of the given lengths. */
    private static List<KvCache> caches(NDManager m, int... lengths) {
        List<KvCache> out = new ArrayList<>();
        for (int s : lengths) {
            KvCache c = new KvCache(m, 1);
            c.append(0, m.zeros(new Shape(1, s, 2)), m.zeros(new Shape(1, s, 2)));
            out.add(c);
        }
        return out;
    }

    /** Ten two-layer caches of 40 then 20 tokens, but {@code longRow} has {@code long0} at layer 0 and 20 after. */
    private static List<KvCache> layered(NDManager m, int longRow, int long0, int n) {
        List<KvCache> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KvCache c = new KvCache(m, 2);
            int first = i == longRow ? long0 : 40;
            c.append(0, m.zeros(new Shape(1, first, 2)), m.zeros(new Shape(1, first, 2)));
            c.append(1, m.zeros(new Shape(1, 20, 2)), m.zeros(new Shape(1, 20, 2)));
            out.add(c);
        }
        return out;
    }
}
