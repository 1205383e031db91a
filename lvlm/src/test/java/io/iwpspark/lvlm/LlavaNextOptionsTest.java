package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.anyres.CropGrid;
import io.iwpspark.lvlm.anyres.Packing;
import io.iwpspark.lvlm.anyres.Size;
import io.iwpspark.lvlm.anyres.Unpad;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.llavanext.LlavaNextModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** LLaVA-NeXT's packing without unpadding (the "2880 tokens" convention) and its refusal of video. */
class LlavaNextOptionsTest {
    static final String FIXTURE = "tiny-llava-next-a";

    /**
     * wide.png (52 x 200) tiles into 1 x 3 crops + base; without unpadding every crop token stays and no
     * newline is added: 16 + 3 x 16 = 64 rows, each transformers' per-tile projection (reference
     * p0.projected) in the joined map's row-major order.
     */
    @Test
    void withoutUnpaddingEveryTileTokenStaysInSpatialOrder() throws IOException {
        try (LlavaNextModel model = (LlavaNextModel) ModelFamilies.load(Fixtures.dir(FIXTURE))) {
            BufferedImage image = ImageIO.read(Fixtures.dir(FIXTURE).resolve("reference/wide.png").toFile());
            Size size = new Size(image.getHeight(), image.getWidth());
            int[] ids = model.promptIds("What color is the square?", Media.Kind.IMAGE);
            float[] pixels = Fixtures.tensor(FIXTURE, "p0.pixel_values");
            PrepareOptions spatial = PrepareOptions.defaults().withAnyresUnpad(false);
            try (PreparedSample s = model.prepare(pixels, size, ids, spatial)) {
                assertEquals(64, s.visual().count());
                assertEquals(4, s.visual().towerImages());
                CropGrid grid = CropGrid.plan(size, model.config().pinpoints(), 56);
                int[] order = Packing.order(4, grid.rows(), grid.cols(), Unpad.Window.full(4, 12), false);
                float[] perTile = Fixtures.tensor(FIXTURE, "p0.projected"); // (4, 16, 64)
                float[] expected = new float[order.length * 64];
                for (int i = 0; i < order.length; i++) {
                    System.arraycopy(perTile, order[i] * 64, expected, i * 64, 64);
                }
                double d = Fixtures.maxAbsDiff(expected, s.visual().projected().toFloatArray());
                assertTrue(d < ParityTest.LOGIT_TOL, "spatial packing differs from transformers' tiles by " + d);
                Generation g = model.generate(s, null, 0, GenerationOptions.defaults().withMaxNewTokens(2));
                assertEquals(2, g.ids().length);
            }
            try (PreparedSample fromPng = model.prepare(Media.image(image), "What color is the square?", spatial)) {
                assertEquals(64, fromPng.visual().count());
            }
        }
    }

    @Test
    void refusesVideoAsTransformersHasNoVideoInput() throws IOException {
        try (Lvlm model = ModelFamilies.load(Fixtures.dir(FIXTURE))) {
            BufferedImage frame = ImageIO.read(Fixtures.dir(FIXTURE).resolve("reference/wide.png").toFile());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.prepare(Media.video(List.of(frame, frame)), "What moves?", PrepareOptions.defaults()));
            assertTrue(e.getMessage().contains("llava_next_video"), e.getMessage());
            IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                    () -> model.prepare(Media.images(List.of(frame, frame)), "Compare.", PrepareOptions.defaults()));
            assertTrue(two.getMessage().contains("one image"), two.getMessage());
        }
    }
}
