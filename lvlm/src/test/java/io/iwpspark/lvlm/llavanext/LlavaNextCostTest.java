package io.iwpspark.lvlm.llavanext;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.anyres.CropGrid;
import io.iwpspark.lvlm.anyres.Size;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.llava.LlavaCost;
import io.iwpspark.lvlm.runtime.VisualTokens;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * LLaVA-NeXT-7B's compute from llava-hf/llava-v1.6-vicuna-7b-hf's config.json (no weights; its
 * text_config leaves hidden size, layers and heads to LlamaConfig's defaults), against a hand count.
 *
 * <p>An 800 x 600 photo: 2 x 2 grid + base = 5 tiles of 336 px. CLIP ViT-L/14-336 to layer -2 runs
 * 23 layers on t = 577 tokens (576 patches + CLS), Dv = 1024, MLP 4096: per layer
 * 2 (4 t Dv^2 + 2 t^2 Dv + 2 t Dv 4096) = 15,884,357,632; patch embedding 2 x 576 x 588 x 1024 =
 * 693,633,024; per tile 366,033,858,560; 5 tiles 1,830,169,292,800. Projector (1024 -> 4096 -> 4096) on
 * all 5 x 576 = 2880 tile tokens: 2 x 2880 x 20,971,520 = 120,795,955,200, unpadded or not. Decoder
 * (Vicuna-7B: d 4096, m 11008, 32 MHA layers) with 20 text + 2880 visual tokens (no unpadding):
 * per layer 2 (n d 4d + 2 n^2 d + 3 n d m) = 1,311,565,414,400, 32 layers 41,970,093,260,800.
 */
class LlavaNextCostTest {
    static final Path CONFIG = Path.of("src/test/resources/llava-v1.6-vicuna-7b-config");

    @Test
    void llavaNext7bOn800x600InThe2880TokenConvention() throws CheckpointException {
        LlavaNextConfig cfg = LlavaNextConfig.read(CONFIG);
        TextConfig t = cfg.base().text();
        assertEquals(Arrays.asList(32, 4096, 11008, 32, 32), Arrays.asList(t.layers(), t.hidden(), t.intermediate(),
                t.heads(), t.kvHeads()), "Vicuna-7B from LlamaConfig defaults");
        assertEquals(23, cfg.base().visionLayersToRun());
        CropGrid grid = CropGrid.plan(new Size(600, 800), cfg.pinpoints(), 336);
        int tiles = grid.crops() + 1;
        assertEquals(5, tiles);
        int spatial = NextEncoder.order(cfg.grid(), grid, false).length;
        int unpadded = NextEncoder.order(cfg.grid(), grid, true).length;
        assertEquals(2880, spatial, "576 base + 4 x 576 crop tokens, no unpadding, no newline");
        assertEquals(2340, unpadded, "576 + 36 rows x (48 + 1), as transformers packs it");

        LlavaCost cost = new LlavaCost(cfg.base(), true);
        double tower = 1_830_169_292_800.0;
        double projector = 120_795_955_200.0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int visible : new int[] {spatial, unpadded}) {
                VisualTokens v = new VisualTokens(m.zeros(new Shape(visible, 1)), m.zeros(new Shape(visible, 1)), null,
                        null, 1, 0, 0, tiles);
                assertEquals(tower + projector, cost.visionFlops(v), 1.0, visible + " visual tokens");
            }
        }
        int[] perLayer = new int[32];
        Arrays.fill(perLayer, 20 + 2880);
        assertEquals(41_970_093_260_800.0, cost.prefillFlops(perLayer), 1.0);
        assertEquals(16_800_808_960_000.0, cost.prefillMacsFastV(perLayer), 1.0);
    }

    @Test
    void cardFromConfigAlone() throws CheckpointException {
        var card = new LlavaNextFamily().describe(CONFIG);
        assertEquals("llava_next", card.family());
        assertEquals(32, card.decoderLayers());
        assertEquals(576, card.visualTokensPerImage());
    }
}
