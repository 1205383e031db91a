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
    void decodeStepCountsOneQueryOverTheKeysItAttends() {
        DecoderShape s = new DecoderShape(4, 8, 16, 2, 1); // d 8, kv width 4, m 16
        // one token, k keys: 2*(8*(16+8) + 2*k*8 + 3*8*16) = 2*(576 + 16k); k=9: 1440, k=6: 1344
        assertEquals(2 * 1440.0 + 2 * 1344.0, FlopsModel.decodeStepFlops(s, new int[] {9, 9, 6, 6}));
        // FastV MACs: 4*64 + 2*k*8 + 2*8*16 = 512 + 16k; k=9: 656, k=6: 608
        assertEquals(2 * 656.0 + 2 * 608.0, FlopsModel.decodeStepMacsFastV(s, new int[] {9, 9, 6, 6}));
        // hiding 3 keys at the last two layers saves exactly the attention products: 2 layers x 2 x 2 x 3 x 8 FLOPs
        assertEquals(2 * 2 * 2 * 3 * 8.0, FlopsModel.decodeStepFlops(s, new int[] {9, 9, 9, 9})
                - FlopsModel.decodeStepFlops(s, new int[] {9, 9, 6, 6}));
    }

    @Test
    void llava15SevenBDecodeStepAfter576TokensByHand() {
        // the 577th token over 577 keys, per layer: projections 4 d^2 = 67,108,864 MACs, attention 2 k d =
        // 4,726,784, SwiGLU 3 d m = 135,266,304; x 2 = 414,203,904 FLOPs; x 32 layers:
        int[] keys = new int[32];
        Arrays.fill(keys, 577);
        assertEquals(13_254_524_928.0, FlopsModel.decodeStepFlops(DecoderShape.LLAVA_15_7B, keys));
        // FastV: 67,108,864 + 4,726,784 + 2 d m = 90,177,536 -> 162,013,184 MACs per layer
        assertEquals(5_184_421_888.0, FlopsModel.decodeStepMacsFastV(DecoderShape.LLAVA_15_7B, keys));
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
        e = assertThrows(IllegalArgumentException.class,
                () -> FlopsModel.decodeStepFlops(new DecoderShape(2, 8, 16, 2, 1), new int[] {3, -1}));
        assertEquals("keysPerLayer at layer 1 must be >= 0, found -1", e.getMessage());
    }
}
