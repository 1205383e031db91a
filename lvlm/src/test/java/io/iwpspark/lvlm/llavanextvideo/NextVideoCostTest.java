package io.iwpspark.lvlm.llavanextvideo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.runtime.VisualTokens;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * LLaVA-NeXT-Video-7B's compute against a hand count, from a config.json with its shapes
 * (src/test/resources/llava-next-video-7b-shapes: Vicuna-7B from LlamaConfig's defaults, CLIP ViT-L/14-336 to
 * layer -2, average pooling stride 2; image_token_index and video_token_index left to the defaults).
 *
 * <p>One tower image (tile or frame) to layer -2: 23 layers on 577 tokens, 366,033,858,560 FLOPs (the count
 * of LlavaNextCostTest). Projector (1024 -> 4096 -> 4096): 2 x 20,971,520 per row. A 32-frame video: tower
 * 32 x 366,033,858,560 = 11,713,083,473,920; projector on the 32 x 12 x 12 = 4608 pooled rows only (pooling
 * comes before the projector): 193,273,528,320. An image of 5 tiles: tower 1,830,169,292,800, projector on
 * all 2880 tile tokens 120,795,955,200, whatever unpadding keeps.
 */
class NextVideoCostTest {
    static final Path CONFIG = Path.of("src/test/resources/llava-next-video-7b-shapes");

    @Test
    void videoProjectsPooledRowsImageEveryTileToken() throws CheckpointException {
        NextVideoConfig cfg = NextVideoConfig.read(CONFIG);
        assertEquals(32001, cfg.base().imageTokenId(), "LlavaNextVideoConfig's image_token_index default");
        assertEquals(32000, cfg.videoTokenId(), "video_token_index default");
        assertEquals(12, cfg.pooledGrid());
        NextVideoCost cost = new NextVideoCost(cfg);
        try (NDManager m = NDManager.newBaseManager()) {
            VisualTokens video = new VisualTokens(m.zeros(new Shape(4608, 1)), m.zeros(new Shape(4608, 1)), null, null,
                    32, 12, 12, 32);
            assertEquals(11_713_083_473_920.0 + 193_273_528_320.0, cost.visionFlops(video), 1.0);
            VisualTokens image = new VisualTokens(m.zeros(new Shape(2340, 1)), m.zeros(new Shape(2340, 1)), null, null,
                    1, 0, 0, 5);
            assertEquals(1_830_169_292_800.0 + 120_795_955_200.0, cost.visionFlops(image), 1.0);
        }
    }

    @Test
    void cardFromConfigAlone() throws CheckpointException {
        ModelCard card = new NextVideoFamily().describe(CONFIG);
        assertEquals("llava_next_video", card.family());
        assertEquals(32, card.decoderLayers());
        assertEquals(576, card.visualTokensPerImage());
        assertEquals(ModelCard.VideoInput.NATIVE, card.video());
    }
}
