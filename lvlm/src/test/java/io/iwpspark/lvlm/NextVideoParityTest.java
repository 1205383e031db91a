package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.llavanextvideo.NextVideoConfig;
import io.iwpspark.lvlm.llavanextvideo.NextVideoModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * LLaVA-NeXT-Video against transformers 5.24 on tiny-llava-next-video (tools/make_family_fixtures.py, built
 * with the torchvision overlay): everything {@link FamilyParity} checks, plus the pixel values of the image's
 * tiles (Pillow processor) and of the frames (torchvision video processor: resize of the 64 x 48 frames to
 * a 56 shortest edge, centre crop), and the tower features behind each pooled video row, held to a naive
 * 2 x 2 average of the reference's per-frame features.
 */
class NextVideoParityTest {
    static final String FIXTURE = "tiny-llava-next-video";

    @Test
    void matchesTransformers() throws IOException {
        try (Lvlm lvlm = ModelFamilies.load(Fixtures.dir(FIXTURE))) {
            assertEquals(ModelCard.VideoInput.NATIVE, lvlm.card().video());
            assertEquals("llava_next_video", lvlm.card().family());
            FamilyParity.check(lvlm, FIXTURE);
            NextVideoModel model = (NextVideoModel) lvlm;
            for (JsonNode p : Fixtures.reference(FIXTURE).get("prompts")) {
                String id = p.get("id").asText();
                Media media = FamilyParity.media(FIXTURE, p);
                boolean video = media.kind() == Media.Kind.VIDEO;
                float[] ours = video ? model.videoPixels(media.frames()) : model.imagePixels(media.frames().get(0));
                float[] ref = Fixtures.tensor(FIXTURE, id + (video ? ".pixel_values_videos" : ".pixel_values"));
                double d = Fixtures.maxAbsDiff(ref, ours);
                assertTrue(d < 1e-5, FIXTURE + " " + id + ": pixel values differ by " + d);
                if (video) {
                    checkPooledFeatures(model, p, media);
                }
            }
        }
    }

    /** vision_selected is (F, g*g, Dv); each pooled row is the mean of its 2 x 2 window, frame by frame. */
    private static void checkPooledFeatures(NextVideoModel model, JsonNode p, Media media) throws IOException {
        String id = p.get("id").asText();
        int g = model.config().next().grid();
        int dv = model.config().base().projectorInput();
        int f = media.frames().size();
        int q = g / 2;
        float[] sel = Fixtures.tensor(FIXTURE, id + ".vision_selected");
        float[] expected = new float[f * q * q * dv];
        for (int t = 0; t < f; t++) {
            for (int r = 0; r < q; r++) {
                for (int c = 0; c < q; c++) {
                    for (int k = 0; k < dv; k++) {
                        double sum = 0;
                        for (int dy = 0; dy < 2; dy++) {
                            for (int dx = 0; dx < 2; dx++) {
                                sum += sel[(t * g * g + (2 * r + dy) * g + 2 * c + dx) * dv + k];
                            }
                        }
                        expected[((t * q + r) * q + c) * dv + k] = (float) (sum / 4);
                    }
                }
            }
        }
        try (PreparedSample s = model.prepare(media, p.get("question").asText(), PrepareOptions.defaults())) {
            assertEquals(q, s.visual().gridHeight(), id + ": pooled grid rows");
            assertEquals(f, s.visual().frames(), id + ": frames");
            double d = Fixtures.maxAbsDiff(expected, s.visual().features().toFloatArray());
            assertTrue(d < FamilyParity.TOL, FIXTURE + " " + id + ": pooled tower features differ by " + d);
            assertEquals(f * q * q, s.visual().clsAttention().getShape().get(0), id + ": CLS attention per pooled row");
        }
    }

    /** The processor writes g*g // 4 tokens per frame: a stride pooling to another count is refused. */
    @Test
    void refusesAStrideTheProcessorDoesNotCount() throws Exception {
        NextVideoConfig cfg = NextVideoConfig.read(Fixtures.dir(FIXTURE));
        assertEquals(2, cfg.poolStride());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NextVideoConfig(cfg.next(), cfg.videoTokenId(), cfg.poolMode(), 3));
        assertTrue(e.getMessage().contains("g*g // 4"), e.getMessage());
    }
}
