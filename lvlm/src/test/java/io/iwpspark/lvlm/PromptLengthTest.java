package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A prompt longer than the model's positions is refused by name, before any array is sized from it. */
class PromptLengthTest {
    @Test
    void aPromptBeyondMaxPositionsIsNamed() throws IOException, CheckpointException {
        String fixture = "tiny-llava-mistral"; // max_position_embeddings 512
        String question = "what color is the square ".repeat(120); // 600 words
        try (Lvlm model = ModelFamilies.load(Fixtures.dir(fixture))) {
            Media image = Media.image(ImageIO.read(Fixtures.dir(fixture).resolve("reference/image0.png").toFile()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.prepare(image, question, PrepareOptions.defaults()));
            assertTrue(e.getMessage().matches("prompt of \\d+ tokens \\(16 visual\\) exceeds the model's 512 positions.*"),
                    e.getMessage());
        }
    }
}
