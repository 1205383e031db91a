package io.iwpspark.lvlm.onevision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.Fixtures;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OneVision videos against transformers 5.24 on the tiny-onevision fixtures (float32, eager): per-frame
 * tower and projector outputs, the pooled rows with their trailing image_newline, every decoder layer's
 * input, prompt logits, greedy ids, and pruned prefills in both position modes.
 */
class OnevisionVideoParityTest {
    static final double TOL = 1e-4;
    /** One 8-bit level after normalising with std 0.5: Pillow's and torchvision's bicubic round apart by at most this. */
    static final double ONE_LEVEL = 1.0 / 255 / 0.5 + 1e-6;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-onevision-a", "tiny-onevision-b"})
    void videosMatchTransformers(String fixture) throws IOException {
        Reference ref = Reference.of(fixture);
        try (OnevisionModel model = OnevisionModel.load(ref.dir())) {
            for (JsonNode p : ref.json().get("prompts")) {
                if (p.get("kind").asText().equals("video")) {
                    check(ref, model, p, fixture + " " + p.get("id").asText());
                }
            }
        }
    }

    private static void check(Reference ref, OnevisionModel model, JsonNode p, String where) throws IOException {
        String id = p.get("id").asText();
        String question = p.get("question").asText();
        int[] ids = model.promptIds(question, Media.Kind.VIDEO);
        assertArrayEquals(Fixtures.ints(p.get("input_ids_unexpanded")), ids, where + ": prompt ids");
        float[] pixels = ref.tensor(id + ".pixel_values_videos");
        int frames = p.get("tensors").get("pixel_values_videos").get(1).asInt();
        Media video = Media.video(ref.media(p));
        assertEquals(frames, video.frames().size(), where + ": frames on disk");
        double px = Fixtures.maxAbsDiff(pixels, model.videoPixels(video));
        assertTrue(px < 1e-5, where + ": pixel values differ by " + px);
        try (NDManager m = NDManager.newBaseManager()) {
            OnevisionEncoder.Tower t = model.encoder().run(m, pixels, frames, DataType.FLOAT32);
            double sel = Fixtures.maxAbsDiff(ref.tensor(id + ".vision_selected"), t.features().toFloatArray());
            assertTrue(sel < TOL, where + ": vision features differ by " + sel);
            double proj = Fixtures.maxAbsDiff(ref.tensor(id + ".projected"), t.projected().toFloatArray());
            assertTrue(proj < TOL, where + ": projected frames differ by " + proj);
        }
        try (PreparedSample s = model.prepareVideo(pixels, frames, ids, PrepareOptions.defaults())) {
            assertArrayEquals(Fixtures.ints(p.get("input_ids")), s.ids(), where + ": expanded ids");
            assertEquals(p.get("visual_token_count").asInt(), s.visual().count(), where + ": visual tokens");
            double feat = Fixtures.maxAbsDiff(ref.tensor(id + ".visual_features"), s.visual().projected().toFloatArray());
            assertTrue(feat < TOL, where + ": pooled video features differ by " + feat);
            if (p.get("tensors").has("decoder_layer_inputs")) {
                OnevisionImageParityTest.checkLayerInputs(ref, id, s, model.config().text().layers(), where);
            }
            double logits = Fixtures.maxAbsDiff(ref.tensor(id + ".logits"), Fixtures.flatten(model.promptLogits(s)));
            assertTrue(logits < TOL, where + ": prompt logits differ by " + logits);
            Generation g = model.generate(s, null, 0, GenerationOptions.defaults().withMaxNewTokens(8));
            assertArrayEquals(Fixtures.ints(p.get("generated_ids")), g.ids(), where + ": greedy ids");
            OnevisionImageParityTest.checkPruned(ref, model, s, id, where);
        }
    }
}
