package io.iwpspark.pruning.flops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FlopsModelTest {
    @Test
    void llava15SevenBPrefillOf576VisualTokensByHand() {
        // d = 4096, m = 11008, 32 layers, n = 576 visual tokens, no text.
        // per layer: 4 n d^2 = 38,654,705,664; 2 n^2 d = 2,717,908,992; 3 n d m = 77,913,391,104
        // sum 119,286,005,760; x 2 FLOPs per MAC = 238,572,011,520; x 32 layers:
        double expected = 7_634_304_368_640.0;
        int[] tokens = new int[32];
        Arrays.fill(tokens, 576);
        assertEquals(expected, FlopsModel.prefillFlops(DecoderShape.LLAVA_15_7B, tokens));
        // FastV convention, MACs: 38,654,705,664 + 2,717,908,992 + 51,942,260,736 = 93,314,875,392 per layer
        assertEquals(2_986_076_012_544.0, FlopsModel.prefillMacsFastV(DecoderShape.LLAVA_15_7B, tokens));
    }

    @Test
    void pruningAfterLayerTwoCountsEachLayersTokens() {
        DecoderShape s = new DecoderShape(4, 8, 16, 2, 1); // head dim 4, kv width 4
        int[] tokens = FlopsModel.tokensPerLayer(3, new int[] {5, 5, 2, 2});
        // n=8: 2*(8*8*(16+8) + 2*64*8 + 3*8*8*16) = 2*(1536+1024+3072) = 11264
        // n=5: 2*(5*8*24 + 2*25*8 + 3*5*8*16) = 2*(960+400+1920) = 6560
        assertEquals(2 * 11264.0 + 2 * 6560.0, FlopsModel.prefillFlops(s, tokens));
    }

    @Test
    void visionTowerAndProjectorByHand() {
        VisionShape v = new VisionShape(1, 4, 8, 3, 12, 5);
        // t = 4: 2*(4*4*16 + 2*16*4 + 2*4*4*8) = 2*(256+128+256) = 1280; embed 2*3*12*4 = 288
        assertEquals(2 * (1280.0 + 288.0), FlopsModel.visionFlops(v, 2));
        assertEquals(2 * (1280.0 + 288.0), FlopsModel.visionFlops(v, 2, true));
        // no CLS (SigLIP), t = 3: 2*(4*3*16 + 2*9*4 + 2*3*4*8) = 2*(192+72+192) = 912; embed unchanged
        assertEquals(2 * (912.0 + 288.0), FlopsModel.visionFlops(v, 2, false));
        // 2 * 10 tokens * (4*5 + 5*6) = 1000
        assertEquals(1000.0, FlopsModel.projectorFlops(v, new DecoderShape(1, 6, 6, 1, 1), 10));
    }

    @Test
    void wrongLayerCountIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlopsModel.prefillFlops(DecoderShape.LLAVA_15_7B, new int[3]));
        assertEquals("tokensPerLayer must have one entry per decoder layer (32), found 3", e.getMessage());
    }
}
