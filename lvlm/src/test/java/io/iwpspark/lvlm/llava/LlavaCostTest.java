package io.iwpspark.lvlm.llava;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.runtime.VisualTokens;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The compute columns of LLaVA-1.5-7B (the published config.json, no weights) against a hand computation. */
class LlavaCostTest {
    @Test
    void llava15SevenBWith576TokensAnd40TextTokens() throws CheckpointException {
        LlavaConfig cfg = ConfigReader.readLlava(Path.of("src/test/resources/configs/llava-1.5-7b"));
        LlavaCost cost = new LlavaCost(cfg, false);
        int[] n = new int[32];
        Arrays.fill(n, 576 + 40);
        // 32 layers x 2 (n d (2d + 2d) + 2 n^2 d + 3 n d m), n = 616, d = 4096, m = 11008 (computed by hand in Python).
        assertEquals(8177382850560.0, cost.prefillFlops(n), 1);
        try (NDManager m = NDManager.newBaseManager()) {
            VisualTokens v = new VisualTokens(m.zeros(new ai.djl.ndarray.types.Shape(576, 1)),
                    m.zeros(new ai.djl.ndarray.types.Shape(576, 1)), null, null, 1, 24, 24, 1);
            // CLIP-L/14-336 to layer -2: patch embedding 2 x 576 x 588 x 1024, 23 layers on 577 tokens
            // 2 (4 t Dv^2 + 2 t^2 Dv + 2 t Dv F); projector 2 x 576 x (1024 x 4096 + 4096 x 4096).
            assertEquals(390193049600.0, cost.visionFlops(v), 1);
        }
    }
}
