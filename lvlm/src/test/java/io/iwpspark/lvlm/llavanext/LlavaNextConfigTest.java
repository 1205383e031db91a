package io.iwpspark.lvlm.llavanext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iwpspark.lvlm.anyres.Size;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json binding: LlavaNextConfig's defaults, and refusals that name the key, expected and found. */
class LlavaNextConfigTest {
    static final Path NEXT_7B = Path.of("src/test/resources/llava-v1.6-vicuna-7b-config");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void publishedConfigWithItsDefaults() throws CheckpointException {
        LlavaNextConfig cfg = LlavaNextConfig.read(NEXT_7B);
        assertEquals(5, cfg.pinpoints().size());
        assertEquals(new Size(1008, 336), cfg.pinpoints().get(3));
        assertEquals(576, cfg.imageSeqLength());
        assertEquals(24, cfg.grid());
        assertEquals(32000, cfg.base().imageTokenId());
        assertEquals(LlavaConfig.SelectStrategy.DEFAULT, cfg.base().selectStrategy());
        assertEquals(32064, cfg.base().text().vocabSize());
    }

    @Test
    void absentPinpointsTakeTransformersDefault() throws IOException, CheckpointException {
        write(c -> c.remove("image_grid_pinpoints"));
        assertEquals(LlavaNextConfig.read(NEXT_7B).pinpoints(), LlavaNextConfig.read(dir).pinpoints());
    }

    @Test
    void refusals() throws IOException {
        write(c -> c.put("vision_feature_select_strategy", "full"));
        assertMessage("vision_feature_select_strategy", "full");
        write(c -> c.putArray("image_grid_pinpoints").addArray().add(336).add(500));
        assertMessage("image_grid_pinpoints", "336x500");
        write(c -> c.put("model_type", "llava"));
        assertMessage("model_type", "llava_next");
    }

    private void assertMessage(String... parts) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> LlavaNextConfig.read(dir));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    private void write(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(NEXT_7B.resolve("config.json").toFile());
        edit.accept(c);
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(c));
    }
}
