package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.StageReport;
import io.iwpspark.lvlm.nn.Rows;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * HoliTom's inner merge inside the decoder of tiny-onevision-a (2 layers, 3 frames pooled to 2 x 2 and a newline:
 * 13 visual tokens), before layer 1. At budget 10 (the average over the 2 layers) the plan keeps all 13 before the
 * decoder and 7 before layer 1 ((13 + 7) / 2 = 10; the official pair (13, 6) averages 9.5). The inner stage keeps the tokens FastV
 * keeps at k = 1 (the same attention), and its folded rows must change the logits; a pruner that replaces the same
 * kept rows in place by their own hidden states must give FastV's logits exactly (the runtime's in-place path).
 */
class HoliTomInnerOnevisionTest {
    static final GenerationOptions OPT = GenerationOptions.defaults().withMaxNewTokens(2).withLogits(true);

    @Test
    void innerStageFoldsIntoFastVsKeptTokensAtLayerOne() throws IOException {
        Path dir = Fixtures.dir("tiny-onevision-a");
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(ImageIO.read(dir.resolve("reference/video3_frame" + i + ".png").toFile()));
        }
        try (Lvlm model = ModelFamilies.load(dir);
                PreparedSample s = model.prepare(Media.video(frames), "What color is the square?", PrepareOptions.defaults())) {
            assertEquals(13, s.visual().count());
            Pruner holitom = PrunerRegistry.load().create("holitom", Map.of("innerLayer", "1"));
            assertEquals(List.of(new Stage(0, 13), new Stage(1, 7)), holitom.plan(13, 10, 2));
            Generation g = model.generate(s, holitom, 10, OPT);
            assertEquals(2, g.stages().size());
            StageReport inner = g.stages().get(1);
            assertEquals(1, inner.layer());
            assertEquals(13, inner.before());
            assertEquals(0, inner.merged(), "in-place rows add no token");
            assertEquals(6.0, inner.diagnostics().get("folded"), 1e-9);
            assertArrayEquals(new int[] {13, 7}, g.visualTokensPerLayer());

            Generation fastv = model.generate(s, PrunerRegistry.load().create("fastv", Map.of("k", "1")), 7, OPT);
            int[] kept = fastv.stages().get(0).kept();
            assertArrayEquals(kept, inner.kept(), "the same last-token attention of layer 0 ranks both");
            assertTrue(maxDiff(g.logits()[0], fastv.logits()[0]) > 1e-4, "the folds change the hidden states");

            Generation same = model.generate(s, inPlaceOwnRows(kept), 7, OPT);
            assertEquals(0.0, maxDiff(same.logits()[0], fastv.logits()[0]), 1e-6,
                    "kept rows replaced in place by themselves: FastV's logits");
            assertArrayEquals(fastv.ids(), same.ids());
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** At layer 1, keeps {@code kept} and hands back their own hidden states as in-place rows. */
    private static Pruner inPlaceOwnRows(int[] kept) {
        return new Pruner() {
            public String name() {
                return "in-place-own-rows";
            }

            public Set<Need> needs() {
                return Set.of(Need.VISUAL_HIDDEN);
            }

            public List<Stage> plan(int numVisual, int budget, int numLayers) {
                return List.of(new Stage(1, kept.length));
            }

            public Selection select(PruneInputs inputs, Stage stage) {
                NDArray h = inputs.visualHidden();
                return new Selection(kept, Rows.take(h.getManager(), h, kept), MergeSpace.HIDDEN_IN_PLACE, Map.of());
            }
        };
    }
}
