package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.StageReport;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.baselines.DyCokePruner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DyCoke's TTM through OneVision's video path (tiny-onevision-a deepened to 8 layers): six frames (the fixture's
 * three, twice) pooled to 2 x 2, then one newline, N = 25. With tokensPerFrame = 4, frames 0 and 4 are anchors,
 * frames 1, 2, 3, 5 are pruned (frame 2 against frame 0), so budgets run from 9 (anchors and newline) to 25.
 * While decoding, layers from 3 on attend a per-step choice of the visual entries (p = 0.8 by default).
 */
class OnevisionDyCokeTest {
    @TempDir
    Path tmp;

    @Test
    void prunesPooledFramesBeforeTheDecoder() throws IOException {
        LlavaNextPrunersTest.deepen(Fixtures.dir(OnevisionPrunersTest.FIXTURE), tmp);
        Path media = Fixtures.dir(OnevisionPrunersTest.FIXTURE).resolve("reference");
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            frames.add(ImageIO.read(media.resolve("video3_frame" + i % 3 + ".png").toFile()));
        }
        PrunerRegistry registry = PrunerRegistry.load();
        try (Lvlm model = ModelFamilies.load(tmp);
                PreparedSample s = model.prepare(Media.video(frames), "What color is the square?", PrepareOptions.defaults())) {
            assertEquals(25, s.visual().count());
            for (String order : new String[] {"similarity", "position"}) {
                Pruner p = registry.create(DyCokePruner.NAME, Map.of("tokensPerFrame", "4", "order", order));
                for (int budget : new int[] {9, 15, 25}) {
                    String where = "order " + order + ", budget " + budget;
                    Generation g = model.generate(s, p, budget, GenerationOptions.defaults().withMaxNewTokens(2));
                    assertEquals(1, g.stages().size(), where);
                    StageReport r = g.stages().get(0);
                    assertEquals(0, r.layer(), where);
                    assertEquals(25, r.before(), where);
                    assertEquals(budget, r.after(), where);
                    assertEquals(budget, g.visualTokensPerLayer()[0], where);
                    boolean copies = order.equals("similarity") && budget < 25;
                    assertEquals(copies ? budget : 0, r.merged(), where + ": tokens handed as copies");
                    if (budget == 9) {
                        int[] anchorsAndNewline = {0, 1, 2, 3, 16, 17, 18, 19, 24};
                        assertArrayEquals(copies ? new int[0] : anchorsAndNewline, r.kept(), where);
                    }
                    assertTrue(g.ids().length >= 1, where);
                }
            }
            // The decoding rule leaves the prompt alone (same first logits) and changes the later steps.
            GenerationOptions four = GenerationOptions.defaults().withMaxNewTokens(4).withLogits(true);
            Generation ttm = model.generate(s, registry.create(DyCokePruner.NAME, Map.of("tokensPerFrame", "4", "p", "0")),
                    15, four);
            Generation full = model.generate(s, registry.create(DyCokePruner.NAME, Map.of("tokensPerFrame", "4")), 15,
                    four);
            assertArrayEquals(ttm.logits()[0], full.logits()[0], "first token: prefill only");
            assertTrue(ttm.logits().length >= 2 && full.logits().length >= 2, "a second token was decoded");
            double diff = 0;
            for (int v = 0; v < ttm.logits()[1].length; v++) {
                diff = Math.max(diff, Math.abs(ttm.logits()[1][v] - full.logits()[1][v]));
            }
            assertTrue(diff > 1e-4, "the second token's logits should feel the hidden visual entries, max diff " + diff);

            // In a batch, DyCoke decodes alone (its cache is masked step by step) and the others batch: each result, in
            // request order, equals its generation alone, decode FLOPs included.
            List<GenerationRequest> requests = List.of(new GenerationRequest(null, 0, four),
                    new GenerationRequest(registry.create(DyCokePruner.NAME, Map.of("tokensPerFrame", "4")), 15, four),
                    new GenerationRequest(registry.create("random", Map.of()), 9, four));
            List<GenerationOutcome> batched = model.generateAll(s, requests, 16);
            for (int i = 0; i < requests.size(); i++) {
                GenerationRequest r = requests.get(i);
                Generation alone = model.generate(s, r.pruner(), r.budget(), four);
                Generation b = batched.get(i).generation();
                assertArrayEquals(alone.ids(), b.ids(), "request " + i);
                assertEquals(alone.decodeFlops(), b.decodeFlops(), "request " + i + ": decode FLOPs");
                assertArrayEquals(alone.visualTokensPerLayer(), b.visualTokensPerLayer(), "request " + i);
            }
            assertTrue(batched.get(1).generation().decodeFlops() < batched.get(0).generation().decodeFlops(),
                    "DyCoke's masked steps cost less than the unpruned ones");
        }
    }
}
