package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HoliTom against the official video path of cokeshao/HoliTom e9b2972 (holitom/llava_arch.py, run by
 * {@code tools/holitom_reference.py} with the density noise set to zero). holitom/selection.txt holds, per case,
 * the windows, the saving, the adjusted ratio, the dynamic tokens kept and the static tokens emitted, on pooled
 * frames both sides draw from SplitMix64 (the script's docstring gives the construction).
 */
class HoliTomOfficialTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** One case: its parameters and the official results. */
    record Case(long seed, int frames, int side, int width, int[] scenes, HoliTomPruner.Config config, double ratio,
            String windows, double reduced, double retain, int[] kept, float[] merged) {

        static Case parse(String line, String mergedLine) {
            String[] part = line.split("\\|");
            String[] c = part[0].trim().split(" ");
            int[] scenes = Arrays.stream(c[4].split(",")).mapToInt(Integer::parseInt).toArray();
            HoliTomPruner.Config cfg = new HoliTomPruner.Config(Double.parseDouble(c[5]), Integer.parseInt(c[7]),
                    Double.parseDouble(c[8]), Integer.parseInt(c[9]));
            String[] m = mergedLine.substring("merged".length()).trim().split(" ");
            float[] merged = m[0].isEmpty() ? new float[0] : new float[m.length];
            for (int i = 0; i < merged.length; i++) {
                merged[i] = Float.parseFloat(m[i]);
            }
            return new Case(Long.parseLong(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]),
                    scenes, cfg, Double.parseDouble(c[6]), part[1].trim(), Double.parseDouble(part[2].trim()),
                    Double.parseDouble(part[3].trim()), ints(part[4]), merged);
        }

        int patches() {
            return side * side;
        }

        /** (F, S, D) row-major: (the script's base of the frame's scene plus noise scaled by 2^-((s + seed) mod 4)) / 16. */
        float[] features() {
            int s = patches();
            float[] x = new float[frames * s * width];
            int f = 0;
            for (int scene = 0; scene < scenes.length; scene++) {
                for (int j = 0; j < scenes[scene]; j++, f++) {
                    for (int p = 0; p < s; p++) {
                        float scale = (float) Math.pow(2, -((p + seed) % 4));
                        for (int d = 0; d < width; d++) {
                            float base = DartOfficialTest.value(100 * seed + scene, (long) p * width + d);
                            float noise = DartOfficialTest.value(100 * seed + 50, ((long) f * s + p) * width + d);
                            x[(f * s + p) * width + d] = (base + noise * scale) / 16;
                        }
                    }
                }
            }
            return x;
        }

        float[] attention() {
            float[] a = new float[frames * patches()];
            for (int i = 0; i < a.length; i++) {
                a[i] = DartOfficialTest.value(100 * seed + 70, i);
            }
            return a;
        }
    }

    static int[] ints(String s) {
        String t = s.trim();
        return t.isEmpty() ? new int[0] : Arrays.stream(t.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    static List<Case> cases() throws IOException {
        try (InputStream s = HoliTomOfficialTest.class.getResourceAsStream("/holitom/selection.txt")) {
            List<String> lines = new String(s.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#")).toList();
            return java.util.stream.IntStream.range(0, lines.size() / 2)
                    .mapToObj(i -> Case.parse(lines.get(2 * i), lines.get(2 * i + 1))).toList();
        }
    }

    static String windows(HoliTomSegments.Partition p) {
        return String.join(" ", p.windows().stream().map(w -> w[0] + "-" + w[1]).toList());
    }

    @Test
    void matchesTheOfficialVideoPathAtItsRatio() throws IOException {
        List<Case> cases = cases();
        assertEquals(9, cases.size(), "cases in holitom/selection.txt");
        for (Case c : cases) {
            String where = "case seed " + c.seed();
            HoliTomVideo.Result r = HoliTomVideo.reduce(c.features(), c.attention(), c.frames(), c.patches(), c.width(),
                    c.config(), c.ratio());
            assertEquals(c.windows(), windows(r.partition()), where + " windows");
            assertEquals(c.reduced(), r.partition().reduced(), where + " tokens saved");
            assertEquals(c.retain(), r.retain(), 1e-12, where + " adjusted ratio");
            assertArrayEquals(c.kept(), r.kept(), where + " kept tokens");
            assertEquals(c.merged().length, r.merged().length, where + " merged values");
            for (int i = 0; i < c.merged().length; i++) {
                assertEquals(c.merged()[i], r.merged()[i], 1e-5, where + " merged value " + i);
            }
        }
    }

    /** Through the pruner: a budget equal to the official count gives the official selection, plus a newline row. */
    @Test
    void thePrunerGivesTheOfficialSelectionWhenTheCountsAgree() throws IOException {
        int compared = 0;
        for (Case c : cases()) {
            String where = "case seed " + c.seed();
            int tokens = c.frames() * c.patches();
            int statics = c.merged().length / c.width();
            int budget = c.kept().length + statics;
            HoliTomVideo.Result atBudget = HoliTomVideo.reduce(c.features(), c.attention(), c.frames(), c.patches(),
                    c.width(), c.config(), (double) budget / tokens);
            if (atBudget.kept().length + atBudget.mergedCount() != budget) {
                continue; // the official counts at r = B / (F S) differ from B: settle() applies, tested below
            }
            float[] x = Arrays.copyOf(c.features(), (tokens + 1) * c.width());
            Arrays.fill(x, tokens * c.width(), x.length, 0.5f); // a newline row after the last frame
            float[] a = Arrays.copyOf(c.attention(), tokens + 1);
            PruneInputs in = PruneInputs.builder(tokens + 1).optGrid(c.frames(), c.side(), c.side())
                    .optVisualHidden(manager.create(x, new Shape(tokens + 1, c.width())))
                    .optVisionAttention(manager.create(a)).build();
            Selection sel = new HoliTomPruner(c.config()).select(in, new Stage(0, budget + 1));
            assertArrayEquals(atBudget.kept(), sel.kept(), where);
            float[] merged = sel.merged().toFloatArray();
            assertEquals(MergeSpace.HIDDEN, sel.mergeSpace());
            assertArrayEquals(Arrays.copyOf(atBudget.merged(), atBudget.merged().length), Arrays.copyOf(merged,
                    atBudget.merged().length), 0f, where);
            assertEquals(0.5f, merged[merged.length - 1], where + " newline last");
            compared++;
        }
        assertTrue(compared >= 3, "cases whose official counts meet B = kept + merged: " + compared);
    }

    @Test
    void settlingDropsTheLeastAttendedKeptTokensOrAddsTheMostAttendedOthers() {
        float[] att = {0.5f, 0.1f, 0.3f, 0.9f, 0.3f, 0.2f};
        assertArrayEquals(new int[] {0, 2}, HoliTomPruner.settle(new int[] {0, 2, 4, 5}, att, 6, 2)); // 2 beats 4 on a tie
        assertArrayEquals(new int[] {0, 3, 5}, HoliTomPruner.settle(new int[] {0, 5}, att, 6, 3));
        assertArrayEquals(new int[] {0, 2, 3, 4, 5}, HoliTomPruner.settle(new int[] {0, 5}, att, 6, 5));
        assertArrayEquals(new int[0], HoliTomPruner.settle(new int[] {1}, att, 6, -2));
    }

    @Test
    void everyBudgetIsMetExactly() throws IOException {
        Case c = cases().get(2);
        int tokens = c.frames() * c.patches();
        PruneInputs in = PruneInputs.builder(tokens).optGrid(c.frames(), c.side(), c.side())
                .optVisualHidden(manager.create(c.features(), new Shape(tokens, c.width())))
                .optVisionAttention(manager.create(c.attention())).build();
        HoliTomPruner p = new HoliTomPruner(c.config());
        for (int budget = 1; budget <= tokens; budget++) {
            Selection sel = p.select(in, new Stage(0, budget));
            assertEquals(budget, sel.size(), "budget " + budget);
        }
        assertNull(p.select(in, new Stage(0, tokens)).merged());
    }
}
