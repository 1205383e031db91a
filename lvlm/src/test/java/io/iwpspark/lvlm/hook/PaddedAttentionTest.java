package io.iwpspark.lvlm.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.PaddedKv;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.llama.LlamaDecoder;
import io.iwpspark.lvlm.nn.Rows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Padded batched attention against each sequence alone through {@link Decoder#step} (the one-by-one path):
 * a batched prefill with every cache empty (lengths 2, 1, 6: pads in the queries and keys; 600, 2, 1, 590: two
 * groups of similar lengths, {@link io.iwpspark.lvlm.decoder.PadGroups}), then decoding
 * from caches of unequal lengths that also differ by layer (as after pruning), where one sequence leaves
 * after the first step. With multi-head and grouped keys (2 query heads on 1), with and without a sliding
 * window of 4 that cuts into the longer sequences. Rows must agree within 1e-5 (no NaN), and the padded
 * cache must count each sequence's real keys. The last layer's {@link Decoder#lastRowsBatch} must give each
 * sequence's last row and cache every row's keys and values.
 */
class PaddedAttentionTest {
    static final double TOL = 1e-5;
    static final int[][] PREFILL = {{2, 1, 6}, {600, 2, 1, 590}}; // the second: two pad groups, {600, 590} and {2, 1}
    static final int[][] CACHED = {{5, 3}, {2, 2}, {7, 4}}; // (B, L) cached tokens per sequence and layer
    static final int LEAVES = 1; // the sequence that stops after the first decoding step

    @TempDir
    Path dir;

    @Test
    void paddedAttentionEqualsEachSequenceAlone() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int kvHeads : new int[] {SplitMixDecoder.HEADS, 1}) {
                for (int window : new int[] {0, 4}) {
                    TextConfig c = SplitMixDecoder.CONFIG;
                    TextConfig cfg = new TextConfig(c.vocabSize(), c.hidden(), c.intermediate(), c.layers(), c.heads(),
                            kvHeads, c.headDim(), c.rmsNormEps(), c.ropeTheta(), c.maxPositions(), false, false, window,
                            c.rope());
                    Path own = java.nio.file.Files.createDirectories(dir.resolve("kv" + kvHeads + "w" + window));
                    LlamaDecoder d = SplitMixDecoder.load(m, own, cfg);
                    String what = "kv heads " + kvHeads + ", window " + window;
                    for (int[] lengths : PREFILL) {
                        prefill(what + ", prefill " + Arrays.toString(lengths), m, d, lengths);
                    }
                    decode(what, m, d);
                }
            }
        }
    }

    /** Both layers over three sequences with empty caches: the padded path of stepBatch. */
    private static void prefill(String what, NDManager m, Decoder d, int[] lengths) {
        List<KvCache> alone = new ArrayList<>();
        List<KvCache> batch = new ArrayList<>();
        List<Positions> positions = new ArrayList<>();
        List<NDArray> rows = new ArrayList<>();
        for (int b = 0; b < lengths.length; b++) {
            positions.add(gapped(lengths[b], b));
            rows.add(d.embed(m, ids(lengths[b], b)));
            alone.add(new KvCache(m, d.layers()));
            batch.add(new KvCache(m, d.layers()));
        }
        NDArray packed = Rows.concat(m, rows.toArray(new NDArray[0]));
        int last = d.layers() - 1;
        List<KvCache> lastOnly = new ArrayList<>(); // caches of lastRowsBatch: only its own layer is filled
        for (int b = 0; b < lengths.length; b++) {
            lastOnly.add(new KvCache(m, d.layers()));
        }
        for (int l = 0; l < d.layers(); l++) {
            NDArray lastRows = l == last ? d.lastRowsBatch(m, packed, positions, lastOnly) : null; // (B, D)
            packed = d.stepBatch(l, m, packed, positions, batch);
            int at = 0;
            for (int b = 0; b < lengths.length; b++) {
                NDArray expected = d.step(l, m, rows.get(b), positions.get(b), alone.get(b));
                rows.set(b, expected);
                assertClose(what + ", layer " + l + ", sequence " + b, expected,
                        Rows.range(m, packed, at, at + lengths[b]));
                assertClose(what + ", layer " + l + ", sequence " + b + " cached keys", alone.get(b).keys(l),
                        batch.get(b).keys(l));
                if (lastRows != null) {
                    assertEquals(lengths.length, lastRows.getShape().get(0), what + ": one last row per sequence");
                    assertClose(what + ", last rows only, sequence " + b, Rows.range(m, expected, lengths[b] - 1,
                            lengths[b]), Rows.range(m, lastRows, b, b + 1));
                    assertClose(what + ", last rows only, sequence " + b + " cached keys", alone.get(b).keys(l),
                            lastOnly.get(b).keys(l));
                    assertClose(what + ", last rows only, sequence " + b + " cached values", alone.get(b).values(l),
                            lastOnly.get(b).values(l));
                }
                at += lengths[b];
            }
        }
    }

    /** Three decoding steps from unequal caches; sequence {@link #LEAVES} stops after the first. */
    private static void decode(String what, NDManager m, Decoder d) {
        List<KvCache> alone = new ArrayList<>();
        List<KvCache> shared = new ArrayList<>();
        int[] next = new int[CACHED.length];
        for (int b = 0; b < CACHED.length; b++) {
            alone.add(new KvCache(m, d.layers()));
            shared.add(new KvCache(m, d.layers()));
            Positions p = gapped(CACHED[b][0], b);
            NDArray x = d.embed(m, ids(CACHED[b][0], b));
            for (int l = 0; l < d.layers(); l++) {
                int keep = CACHED[b][l]; // a layer caches the first `keep` rows, as after a pruning stage
                NDArray rows = Rows.range(m, x, 0, keep);
                Positions kept = Positions.of(Arrays.copyOf(p.axis(0), keep));
                d.step(l, m, rows, kept, alone.get(b));
                x = d.step(l, m, rows, kept, shared.get(b));
            }
            next[b] = p.max() + 1;
        }
        List<Integer> active = new ArrayList<>(List.of(0, 1, 2));
        try (PaddedKv kv = PaddedKv.of(m, shared)) {
            for (int step = 0; step < 3; step++) {
                if (step == 1) {
                    active.remove(Integer.valueOf(LEAVES));
                    kv.retain(new int[] {0, 2});
                }
                int[] tokens = new int[active.size()];
                List<Positions> at = new ArrayList<>();
                for (int j = 0; j < tokens.length; j++) {
                    int b = active.get(j);
                    tokens[j] = (3 * step + b + 1) % SplitMixDecoder.VOCAB;
                    at.add(Positions.of(next[b] + step));
                }
                NDArray found = d.decodeStep(m, d.embed(m, tokens), at, kv);
                for (int j = 0; j < tokens.length; j++) {
                    int b = active.get(j);
                    NDArray x = d.embed(m, new int[] {tokens[j]});
                    for (int l = 0; l < d.layers(); l++) {
                        x = d.step(l, m, x, at.get(j), alone.get(b));
                        assertEquals(alone.get(b).length(l), kv.length(j, l), what + ", step " + step + ", sequence "
                                + b + ", layer " + l + ": real keys");
                    }
                    assertClose(what + ", step " + step + ", sequence " + b, x, Rows.range(m, found, j, j + 1));
                }
            }
        }
    }

    /** Positions 2i + b: gaps, as after pruning with original positions. */
    private static Positions gapped(int n, int b) {
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = 2 * i + b;
        }
        return Positions.of(pos);
    }

    private static int[] ids(int n, int b) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (3 * i + b) % SplitMixDecoder.VOCAB;
        }
        return ids;
    }

    private static void assertClose(String what, NDArray expected, NDArray found) {
        assertEquals(expected.getShape(), found.getShape(), what + ": shape");
        float[] e = expected.toFloatArray();
        float[] f = found.toFloatArray();
        double diff = 0;
        for (int i = 0; i < e.length; i++) {
            assertTrue(Float.isFinite(f[i]), what + ": entry " + i + " is " + f[i]);
            diff = Math.max(diff, Math.abs(e[i] - f[i]));
        }
        assertTrue(diff <= TOL, what + ": differs by " + diff);
    }
}
