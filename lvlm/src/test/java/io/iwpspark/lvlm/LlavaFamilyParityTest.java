package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.llava.LlavaModel;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LLaVA-1.5 fixtures written by transformers 5.24's own save_pretrained (vision weights without the
 * vision_model level, processor settings only in processor_config.json, a transparent PNG), with a
 * Mistral decoder and with Llama-3 RoPE scaling: parity with transformers through the family seam.
 */
class LlavaFamilyParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"tiny-llava-saved", "tiny-llava-mistral", "tiny-llava-llama3rope"})
    void matchesTransformers(String fixture) throws IOException, CheckpointException {
        try (Lvlm model = ModelFamilies.load(Fixtures.dir(fixture))) {
            FamilyParity.check(model, fixture);
            JsonNode ref = Fixtures.reference(fixture);
            for (JsonNode p : ref.get("prompts")) {
                Media media = FamilyParity.media(fixture, p);
                float[] expected = Fixtures.tensor(fixture, p.get("id").asText() + ".pixel_values");
                double d = Fixtures.maxAbsDiff(expected, ((LlavaModel) model).pixels(media.frames()));
                assertTrue(d < 1e-5, fixture + " " + p.get("id").asText() + ": pixel values differ by " + d);
            }
        }
    }

}
