package io.iwpspark.pruning.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HoliTom's inner-LLM merge against the official branch of Qwen2Model_holitom.forward (holitom/modeling_qwen2.py,
 * commit e9b2972), run by tools/holitom_inner_reference.py on tensors both sides draw from SplitMix64 (the script's
 * docstring gives the construction): the kept visual tokens exactly, their hidden states entering layer k within
 * 1e-5, and their position ids (the original ones).
 */
class HoliTomInnerOfficialTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** One case of inner.txt: P text tokens, L visual, T text after, width D, H heads, ratio r, rows scaled from dupA. */
    record Case(long seed, int before, int tokens, int after, int width, int heads, double ratio, int dupA, int[] copies,
            int[] kept, int[] positions, float[] rows) {

        static Case parse(String line, String rowLine) {
            String[] part = line.split("\\|");
            String[] c = part[0].trim().split(" ");
            String[] r = rowLine.substring("hidden".length()).trim().split(" ");
            float[] rows = new float[r.length];
            for (int i = 0; i < r.length; i++) {
                rows[i] = Float.parseFloat(r[i]);
            }
            return new Case(Long.parseLong(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]),
                    Integer.parseInt(c[4]), Integer.parseInt(c[5]), Double.parseDouble(c[6]), Integer.parseInt(c[7]),
                    c[8].equals("-1") ? new int[0] : ints(c[8].replace(',', ' ')), ints(part[1]), ints(part[2]), rows);
        }

        int length() {
            return before + tokens + after;
        }

        /** (L * D) the visual rows of the hidden states leaving layer k - 1. */
        float[] hidden() {
            float[] x = new float[tokens * width];
            for (int i = 0; i < tokens; i++) {
                int copy = 0; // visual row copies[k - 1] is 2^k times row dupA
                for (int k = 0; k < copies.length; k++) {
                    copy = copies[k] == i ? k + 1 : copy;
                }
                int row = before + (copy > 0 ? dupA : i);
                for (int d = 0; d < width; d++) {
                    x[i * width + d] = DartOfficialTest.value(100 * seed + 1, (long) row * width + d) * (1 << copy);
                }
            }
            return x;
        }

        /** (L) the last row's attention to the visual tokens, mean over heads (exact: multiples of 1/4096). */
        float[] attention() {
            int s = length();
            float[] a = new float[tokens];
            for (int i = 0; i < tokens; i++) {
                float sum = 0;
                for (int h = 0; h < heads; h++) {
                    sum += Math.abs(DartOfficialTest.value(100 * seed + 2, ((long) h * s + s - 1) * s + before + i));
                }
                a[i] = sum / heads;
            }
            return a;
        }
    }

    static int[] ints(String s) {
        String t = s.trim();
        return t.isEmpty() ? new int[0] : Arrays.stream(t.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    static List<Case> cases() throws IOException {
        try (InputStream s = HoliTomInnerOfficialTest.class.getResourceAsStream("/holitom/inner.txt")) {
            List<String> lines = new String(s.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return java.util.stream.IntStream.range(0, lines.size() / 2)
                    .mapToObj(i -> Case.parse(lines.get(2 * i), lines.get(2 * i + 1))).toList();
        }
    }

    @Test
    void matchesTheOfficialInnerMerge() throws IOException {
        List<Case> cases = cases();
        assertEquals(8, cases.size(), "cases in holitom/inner.txt");
        HoliTomPruner pruner = new HoliTomPruner(new HoliTomPruner.Config(0.8, 7, 0.6, 1024, true, 18, 0.5));
        for (Case c : cases) {
            String where = "case seed " + c.seed();
            int keep = HoliTomInner.keep(c.tokens(), c.ratio());
            assertEquals(c.kept().length, keep, where + ": round(L (1 - r))");
            PruneInputs in = PruneInputs.builder(c.tokens()).optVisualStart(c.before())
                    .optVisualHidden(manager.create(c.hidden(), new Shape(c.tokens(), c.width())))
                    .optLastTokenAttention(manager.create(c.attention())).build();
            Selection sel = pruner.select(in, new Stage(18, keep));
            assertArrayEquals(c.kept(), sel.kept(), where + ": kept visual tokens");
            assertEquals(MergeSpace.HIDDEN_IN_PLACE, sel.mergeSpace(), where);
            assertEquals(keep, sel.size(), where + ": in-place rows add no token");
            for (int i = 0; i < c.kept().length; i++) {
                assertEquals(c.before() + c.kept()[i], c.positions()[i], where + ": official position ids are the originals");
            }
            float[] rows = sel.merged().toFloatArray();
            assertEquals(c.rows().length, rows.length, where + ": rows");
            int changed = 0;
            float[] x = c.hidden();
            for (int i = 0; i < rows.length; i++) {
                assertEquals(c.rows()[i], rows[i], 1e-5, where + ": hidden value " + i);
                changed += rows[i] != x[c.kept()[i / c.width()] * c.width() + i % c.width()] ? 1 : 0;
            }
            assertTrue(changed > 0, where + ": some kept token received a fold");
            assertEquals((double) (c.tokens() - keep), sel.diagnostics().get("folded"), where);
        }
    }

    @Test
    void foldsOneAfterAnotherIntoTheMostSimilarKeptToken() {
        // kept: 0 (attention 0.9) and 2 (0.8); 1 and 3 are closest to 0 in angle, so 0 = ((x0 + x1) / 2 + x3) / 2
        float[] x = {1, 0, 1, 0.2f, 0, 1, 1, -0.1f};
        HoliTomInner.Result r = HoliTomInner.merge(x, new float[] {0.9f, 0.1f, 0.8f, 0.2f}, 2, 2);
        assertArrayEquals(new int[] {0, 2}, r.kept());
        assertArrayEquals(new float[] {1f, -0.05f + 0.05f, 0, 1}, r.rows(), 1e-7f);
        // a tie in similarity goes to the kept token with more attention (first in torch.topk order)
        HoliTomInner.Result tie = HoliTomInner.merge(new float[] {1, 0, 2, 0, 1, 0}, new float[] {0.2f, 0.1f, 0.3f}, 2, 2);
        assertArrayEquals(new float[] {1, 0, 1.5f, 0}, tie.rows(), "token 1 folds into token 2, not 0");
        assertEquals(1, tie.folded());
    }

    /** The pruner's path (similarities by NDArray matMul in float32) equals the host reference (double). */
    @Test
    void devicePathEqualsTheHostReference() {
        java.util.Random rnd = new java.util.Random(5);
        int n = 60;
        int width = 24;
        float[] x = new float[n * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextFloat();
        }
        HoliTomPruner pruner = new HoliTomPruner(new HoliTomPruner.Config(0.8, 7, 0.6, 1024, true, 18, 0.5));
        for (int keep : new int[] {1, 7, 30, 59}) {
            HoliTomInner.Result host = HoliTomInner.merge(x, a, width, keep);
            Selection sel = pruner.select(PruneInputs.builder(n).optVisualHidden(manager.create(x, new Shape(n, width)))
                    .optLastTokenAttention(manager.create(a)).build(), new Stage(18, keep));
            assertArrayEquals(host.kept(), sel.kept(), "keep " + keep);
            assertArrayEquals(host.rows(), sel.merged().toFloatArray(), 1e-6f, "keep " + keep);
        }
    }

    @Test
    void roundsHalfToEvenAsPython() {
        assertEquals(10, HoliTomInner.keep(21, 0.5));
        assertEquals(12, HoliTomInner.keep(23, 0.5));
        assertEquals(1, HoliTomInner.keep(1, 0.5), "at least one token is kept");
    }

    /** The budget is the average over the decoder layers; B = N keeps everything, and the stages read what they need. */
    @Test
    void plansTwoStagesMatchedToTheAverage() {
        HoliTomPruner p = (HoliTomPruner) PrunerRegistry.load().create("holitom", Map.of());
        List<Stage> plan = p.plan(200, 60, 28);
        assertEquals(2, plan.size());
        int x = plan.get(0).keep();
        int y = plan.get(1).keep();
        assertEquals(0, plan.get(0).layer());
        assertEquals(18, plan.get(1).layer());
        assertEquals(HoliTomInner.keep(x, 0.5), y, "the inner keep is the official round(x (1 - r))");
        double avg = (18.0 * x + 10.0 * y) / 28;
        assertTrue(Math.abs(avg - 60) <= (18 + 10 * 0.5) / 28.0 / 2 + 1e-9, "average " + avg);
        assertEquals(List.of(new Stage(0, 200), new Stage(18, 200)), p.plan(200, 200, 28));
        assertEquals(List.of(new Stage(0, 200), new Stage(18, 102)), p.plan(200, 165, 28), "(18 200 + 10 102) / 28 = 165");
        assertEquals(Set.of(Need.VISUAL_HIDDEN, Need.VISION_ATTENTION), p.needs(plan.get(0)));
        assertEquals(Set.of(Need.VISUAL_HIDDEN, Need.LAST_TOKEN_ATTENTION), p.needs(plan.get(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.plan(200, 60, 18));
        assertTrue(e.getMessage().contains("innerLayer"), e.getMessage());
        HoliTomPruner off = (HoliTomPruner) PrunerRegistry.load().create("holitom", Map.of("inner", "false"));
        assertEquals(List.of(new Stage(0, 60)), off.plan(200, 60, 28), "w/o M: the tokens entering the decoder");
    }
}
