package io.iwpspark.lvlm.hook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.llama.LlamaDecoder;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyramidDrop's ranking, served by the hook, against the official LlamaModel.pdrop_rank_drop
 * (Cooperx521/PyramidDrop llava/model/modeling_llama_pdrop.py, commit 6444f30). pdrop/selection.txt holds, per
 * case, the tokens the official method kept at rank_layer 1 of the {@link SplitMixDecoder} after layer 0 ran on
 * a SplitMix64 input of 35 + N + T tokens (tools/pdrop_reference.py; N and the keep are those of the official
 * stages 0, 1, 2 for 576 image tokens and ratios 0.5 / 0.25 / 0.125).
 */
class PyramidDropOfficialTest {
    static final int VISUAL_START = 35;
    @TempDir
    static Path dir;
    static NDManager manager;
    static LlamaDecoder decoder;
    static List<Case> cases;

    /** One line of selection.txt: the input seed, T, the official stage, N present, keep, the kept indices. */
    record Case(long seed, int t, int stage, int n, int keep, int[] kept) {
        static Case parse(String line) {
            String[] parts = line.split("\\|");
            int[] head = ints(parts[0]);
            int[] nk = ints(parts[1]);
            return new Case(head[0], head[1], head[2], nk[0], nk[1], ints(parts[2]));
        }

        private static int[] ints(String s) {
            return Arrays.stream(s.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        }
    }

    @BeforeAll
    static void load() throws IOException, CheckpointException {
        manager = NDManager.newBaseManager();
        decoder = SplitMixDecoder.load(manager, dir);
        try (InputStream s = PyramidDropOfficialTest.class.getResourceAsStream("/pdrop/selection.txt")) {
            cases = new String(s.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .map(Case::parse).toList();
        }
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Runs layer 0 on the case's input, then the pruner's stage before layer 1 through the hook. */
    static int[] kept(Case c, Pruner pruner) {
        try (NDManager m = manager.newSubManager()) {
            int s = VISUAL_START + c.n() + c.t();
            NDArray h0 = m.create(SplitMixDecoder.values(c.seed(), s * SplitMixDecoder.HIDDEN),
                    new Shape(s, SplitMixDecoder.HIDDEN));
            Positions positions = Positions.sequence(s);
            KvCache cache = new KvCache(m, decoder.layers());
            SequenceState st = new SequenceState();
            st.hidden = decoder.step(0, m, h0, positions, cache);
            st.previousInput = h0;
            st.positions = positions;
            st.visualStart = VISUAL_START;
            st.visualCount = c.n();
            st.track = VisualTrack.initial(m.zeros(new Shape(c.n(), 1)), null, null);
            StageContext ctx = new StageContext(decoder, x -> x, 1, 1, c.n(), c.seed(),
                    new HookOptions(HookOptions.KeyRope.BEFORE_ROPE, HookOptions.PositionMode.REINDEX, false));
            return StageExecutor.apply(m, st, cache, pruner, new Stage(1, c.keep()), ctx).kept();
        }
    }

    @Test
    void keepsWhatTheOfficialCodeKeeps() {
        assertEquals(8, cases.size(), "cases in pdrop/selection.txt");
        Pruner own = PrunerRegistry.load().create("pdrop", Map.of());
        for (Case c : cases) {
            assertEquals(c.keep(), c.kept().length, "seed " + c.seed() + ": kept count in selection.txt");
            assertArrayEquals(c.kept(), kept(c, own), "seed " + c.seed() + " T " + c.t() + " stage " + c.stage());
        }
    }

    @Test
    void thePreviousLayerProxyKeepsOtherTokens() {
        Pruner previous = PrunerRegistry.load().create("pdrop", Map.of("attention", "previous"));
        for (Case c : cases) {
            int[] proxy = kept(c, previous);
            long shared = Arrays.stream(proxy).filter(i -> Arrays.binarySearch(c.kept(), i) >= 0).count();
            // Random layers make the two rankings unrelated: about keep * keep / N tokens in common by chance.
            assertTrue(shared < c.keep() - c.keep() / 8, "seed " + c.seed() + ": layer 0's attention keeps " + shared
                    + " of the official " + c.keep() + " tokens");
        }
    }
}
