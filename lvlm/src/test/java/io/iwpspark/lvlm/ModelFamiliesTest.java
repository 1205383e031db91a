package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.llava.LlavaFamily;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.pruning.Need;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry finds families by the checkpoint's own model_type and refuses what it does not know. */
class ModelFamiliesTest {
    @Test
    void llavaIsRegisteredAndLoadsByModelType() throws CheckpointException {
        assertInstanceOf(LlavaFamily.class, ModelFamilies.all().get("llava"));
        try (Lvlm m = ModelFamilies.load(Fixtures.dir("tiny-llava-gqa"))) {
            assertInstanceOf(LlavaModel.class, m);
            ModelCard card = m.card();
            assertEquals("llava", card.family());
            assertEquals(3, card.decoderLayers());
            assertEquals(16, card.visualTokensPerImage());
            assertEquals(card, ModelFamilies.describe(Fixtures.dir("tiny-llava-gqa")));
        }
    }

    @Test
    void unknownModelTypeNamesTheFileAndTheKnownFamilies(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"blip_2\"}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelFamilies.of(dir));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("blip_2")
                && e.getMessage().contains("llava"), e.getMessage());
    }

    @Test
    void missingFolderIsNamed(@TempDir Path dir) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelFamilies.of(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void cardNamesWhatAFamilyCannotSupply() {
        ModelCard siglipLike = new ModelCard("x", 2, 16, EnumSet.complementOf(EnumSet.of(Need.CLS_ATTENTION)),
                ModelCard.VideoInput.NATIVE);
        assertEquals(Set.of(Need.CLS_ATTENTION), siglipLike.missing(EnumSet.of(Need.CLS_ATTENTION, Need.VISUAL_KV)));
        assertEquals(Set.of(), siglipLike.missing(EnumSet.of(Need.VISUAL_KV)));
    }
}
