package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.generation.SampleRequest;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.StageReport;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.baselines.DyCokePruner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered pruner, default parameters, on LLaVA-OneVision's tokens (tiny-onevision-a deepened to 8
 * decoder layers): an anyres image (base + unpadded map + newlines, 146 tokens) and a pooled video (3
 * frames of 2 x 2 + one newline, 13 tokens). Pruners needing CLS attention are refused by name.
 */
class OnevisionPrunersTest {
    static final String FIXTURE = "tiny-onevision-a";

    @TempDir
    Path tmp;

    @Test
    void everyRegisteredPrunerRunsOnImageAndVideoTokens() throws IOException {
        LlavaNextPrunersTest.deepen(Fixtures.dir(FIXTURE), tmp);
        PrunerRegistry registry = PrunerRegistry.load();
        Path media = Fixtures.dir(FIXTURE).resolve("reference");
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(ImageIO.read(media.resolve("video3_frame" + i + ".png").toFile()));
        }
        Media[] samples = {Media.image(ImageIO.read(media.resolve("image0.png").toFile())), Media.video(frames)};
        int[] counts = {146, 13};
        int refused = 0;
        try (Lvlm model = ModelFamilies.load(tmp)) {
            assertEquals(LlavaNextPrunersTest.LAYERS, model.card().decoderLayers());
            for (int k = 0; k < samples.length; k++) {
                try (PreparedSample s = model.prepare(samples[k], "What color is the square?", PrepareOptions.defaults())) {
                    assertEquals(counts[k], s.visual().count());
                    for (String name : registry.factories().keySet()) {
                        Pruner p = TestPruners.registered(registry, name, LlavaNextPrunersTest.LAYERS);
                        String where = name + " on " + samples[k].kind();
                        if (name.equals(DyCokePruner.NAME)) { // frames of 196 tokens by default: see OnevisionDyCokeTest
                            assertThrows(IllegalArgumentException.class,
                                    () -> model.generate(s, p, 8, GenerationOptions.defaults()), where);
                            continue;
                        }
                        Set<Need> missing = model.card().missing(p.needs());
                        if (!missing.isEmpty()) {
                            assertEquals(Set.of(Need.CLS_ATTENTION), missing, where);
                            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                    () -> model.generate(s, p, 8, GenerationOptions.defaults().withMaxNewTokens(2)));
                            assertTrue(e.getMessage().startsWith(name + " needs [CLS_ATTENTION]"), e.getMessage());
                            // batched, the same refusal is that request's error and the unpruned request beside it runs
                            GenerationOptions two = GenerationOptions.defaults().withMaxNewTokens(2);
                            List<GenerationOutcome> both = model.generateAll(List.of(
                                    new SampleRequest(s, new GenerationRequest(p, 8, two)),
                                    new SampleRequest(s, new GenerationRequest(null, 0, two))), 16);
                            assertEquals(e.getMessage(), both.get(0).error().getMessage(), where + " batched");
                            assertTrue(both.get(1).error() == null && both.get(1).generation() != null, where + " batched");
                            refused++;
                            continue;
                        }
                        Generation g = model.generate(s, p, 8, GenerationOptions.defaults().withMaxNewTokens(2));
                        assertFalse(g.stages().isEmpty(), where + " ran no stage");
                        for (StageReport r : g.stages()) {
                            assertEquals(r.after(), g.visualTokensPerLayer()[r.layer()], where + " at layer " + r.layer());
                        }
                        assertTrue(g.visionFlops() > 0 && g.prefillFlops() > 0, where);
                    }
                }
            }
        }
        assertEquals(4, refused, "VisionZip and VisPruner (CLS attention), refused on both media");
    }
}
