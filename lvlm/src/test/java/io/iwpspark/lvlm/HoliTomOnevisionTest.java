package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.StageReport;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.PrunerRegistry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * HoliTom through OneVision's video path (tiny-onevision-a, 3 frames pooled to 2 x 2, one image_newline after the
 * last): the pruner sees the frame grid and the SigLIP tower's received attention (positive on frame tokens, zero on
 * the newline), keeps frame tokens only and carries the newline as the last merged row.
 */
class HoliTomOnevisionTest {
    @Test
    void runsOnPooledFramesWithTheNewlineLast() throws IOException {
        Path dir = Fixtures.dir("tiny-onevision-a");
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(ImageIO.read(dir.resolve("reference/video3_frame" + i + ".png").toFile()));
        }
        try (Lvlm model = ModelFamilies.load(dir);
                PreparedSample s = model.prepare(Media.video(frames), "What color is the square?", PrepareOptions.defaults())) {
            assertEquals(13, s.visual().count());
            assertEquals(2, s.visual().gridHeight(), "pooled frame rows");
            float[] att = s.visual().visionAttention().toFloatArray();
            assertEquals(0f, att[12], "the newline has no vision attention");
            for (int i = 0; i < 12; i++) {
                assertTrue(att[i] > 0 && att[i] < 1, "frame token " + i + " attention " + att[i]);
            }
            for (int budget = 1; budget <= 12; budget++) {
                Generation g = model.generate(s, PrunerRegistry.load().create("holitom", Map.of("tau", "0.5", "inner", "false")), budget,
                        GenerationOptions.defaults().withMaxNewTokens(2));
                StageReport r = g.stages().get(0);
                String where = "budget " + budget;
                assertEquals(0, r.layer(), where);
                assertEquals(budget, r.after(), where);
                for (int k : r.kept()) {
                    assertTrue(k < 12, where + ": kept " + k + " is not a frame token");
                }
                // the newline is the last merged row; the others are the windows' static tokens
                assertEquals(r.diagnostics().get("static") + 1, r.merged(), 1e-9, where);
                double windows = r.diagnostics().get("windows");
                assertTrue(windows >= 1 && windows <= 3, where + ": windows " + windows);
            }
            Generation all = model.generate(s, PrunerRegistry.load().create("holitom", Map.of("inner", "false")), 13,
                    GenerationOptions.defaults().withMaxNewTokens(2));
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, all.stages().get(0).kept());
        }
    }

    /** Unpooled (several images: g x g tokens and a newline each), each image's received attention sums to 1. */
    @Test
    void receivedAttentionOfAnImageSumsToOne() throws IOException {
        Path dir = Fixtures.dir("tiny-onevision-a");
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            images.add(ImageIO.read(dir.resolve("reference/video3_frame" + i + ".png").toFile()));
        }
        try (Lvlm model = ModelFamilies.load(dir);
                PreparedSample s = model.prepare(Media.images(images), "What color is the square?", PrepareOptions.defaults())) {
            float[] att = s.visual().visionAttention().toFloatArray();
            int per = att.length / 2; // g*g + 1
            for (int i = 0; i < 2; i++) {
                double sum = 0;
                for (int t = 0; t < per - 1; t++) {
                    sum += att[i * per + t];
                }
                assertEquals(1.0, sum, 1e-5, "image " + i + ": SigLIP attention received, mean over heads and queries");
                assertEquals(0f, att[i * per + per - 1], "image " + i + " newline");
            }
        }
    }
}
