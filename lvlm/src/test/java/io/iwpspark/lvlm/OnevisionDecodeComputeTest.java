package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.baselines.DyCokePruner;
import io.iwpspark.pruning.baselines.FastVPruner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decode FLOPs by hand on OnevisionDyCokeTest's sample (tiny-onevision-a deepened to 8 layers, six frames pooled to
 * N = 25 visual tokens, 11 text tokens: a 36-token prompt). Decoder: d = 64, m = 128, 4 heads, 2 KV heads (d_kv = 32).
 * One query over k keys costs per layer 2 * (64 * (128 + 64) + 2 * 64 k + 3 * 64 * 128) = 73,728 + 256 k FLOPs and
 * 4 * 64^2 + 2 * 64 k + 2 * 64 * 128 = 32,768 + 128 k FastV MACs. Decode step s (0 for the second generated token)
 * at a layer whose prompt cache holds n entries attends n + 1 + s keys, less the visual entries a decoding rule hides.
 */
class OnevisionDecodeComputeTest {
    static final int LAYERS = 8;

    @TempDir
    Path tmp;

    /** FLOPs of {@code steps} decode steps over prompt caches {@code n} (L), no key hidden. */
    static double byHand(int[] n, int steps) {
        double total = 0;
        for (int s = 0; s < steps; s++) {
            for (int l = 0; l < LAYERS; l++) {
                total += 73_728 + 256.0 * (n[l] + 1 + s);
            }
        }
        return total;
    }

    @Test
    void decodeStepsCountTheKeysEachLayerAttends() throws IOException {
        LlavaNextPrunersTest.deepen(Fixtures.dir(OnevisionPrunersTest.FIXTURE), tmp);
        Path media = Fixtures.dir(OnevisionPrunersTest.FIXTURE).resolve("reference");
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            frames.add(ImageIO.read(media.resolve("video3_frame" + i % 3 + ".png").toFile()));
        }
        PrunerRegistry registry = PrunerRegistry.load();
        GenerationOptions two = GenerationOptions.defaults().withMaxNewTokens(2); // one decode step
        try (Lvlm model = ModelFamilies.load(tmp);
                PreparedSample s = model.prepare(Media.video(frames), "What color is the square?", PrepareOptions.defaults())) {
            // Unpruned: 36 + 1 keys at all 8 layers: 8 * (73,728 + 256 * 37) = 665,600; 8 * (32,768 + 128 * 37)
            Generation unpruned = model.generate(s, null, 25, two);
            assertEquals(2, unpruned.ids().length, "unpruned: one decode step");
            assertEquals(665_600.0, unpruned.decodeFlops(), "unpruned decode FLOPs");
            assertEquals(300_032.0, unpruned.decodeMacsFastV(), "unpruned decode MACs");

            // FastV k = 2 to 10 visual tokens: caches 36, 36, then 21; 2 * (73,728 + 256 * 37) + 6 * (73,728 + 256 * 22)
            Generation fastv = model.generate(s, registry.create(FastVPruner.NAME, Map.of()), 10, two);
            assertArrayEquals(new int[] {36, 36, 21, 21, 21, 21, 21, 21}, fastv.tokensPerLayer());
            assertEquals(2, fastv.ids().length, "fastv: one decode step");
            assertEquals(642_560.0, fastv.decodeFlops(), "fastv decode FLOPs: each layer's own cache");

            // DyCoke B = 15, p = 0 (no decoding rule): 26 + 1 keys: 8 * (73,728 + 256 * 27) = 645,120
            Generation ttm = model.generate(s, registry.create(DyCokePruner.NAME,
                    Map.of("tokensPerFrame", "4", "p", "0")), 15, two);
            assertEquals(2, ttm.ids().length, "dycoke p=0: one decode step");
            assertEquals(645_120.0, ttm.decodeFlops(), "dycoke p=0 decode FLOPs");
            assertEquals(289_792.0, ttm.decodeMacsFastV(), "dycoke p=0 decode MACs");

            // p = 0.8, layer 3: the first decode step always re-selects. Span 15 - 1 newline - 1 = 13 entries, keeps
            // int(13 * 0.2) = 2 of them plus the 2 outside: 11 of 15 visual keys hidden at layers 3..7.
            // 3 * (73,728 + 256 * 27) + 5 * (73,728 + 256 * 16) = 241,920 + 389,120 = 631,040
            // MACs: 3 * (32,768 + 128 * 27) + 5 * (32,768 + 128 * 16) = 108,672 + 174,080 = 282,752
            Generation kv = model.generate(s, registry.create(DyCokePruner.NAME, Map.of("tokensPerFrame", "4")), 15, two);
            assertEquals(2, kv.ids().length, "dycoke p=0.8: one decode step");
            assertEquals(631_040.0, kv.decodeFlops(), "dycoke p=0.8 decode FLOPs");
            assertEquals(282_752.0, kv.decodeMacsFastV(), "dycoke p=0.8 decode MACs");
            assertEquals(ttm.prefillFlops(), kv.prefillFlops(), "the decoding rule leaves the prompt's FLOPs alone");

            // Longer runs: without the rule every step is by hand; with it, each masked step saves 5 * 256 * 11 = 14,080
            GenerationOptions six = GenerationOptions.defaults().withMaxNewTokens(6);
            Generation ttm6 = model.generate(s, registry.create(DyCokePruner.NAME,
                    Map.of("tokensPerFrame", "4", "p", "0")), 15, six);
            assertEquals(byHand(ttm6.tokensPerLayer(), ttm6.ids().length - 1), ttm6.decodeFlops(), "dycoke p=0, 6 tokens");
            Generation kv6 = model.generate(s, registry.create(DyCokePruner.NAME, Map.of("tokensPerFrame", "4")), 15, six);
            int steps = kv6.ids().length - 1;
            double saved = byHand(kv6.tokensPerLayer(), steps) - kv6.decodeFlops();
            double masked = saved / 14_080;
            assertTrue(steps >= 2 && masked == Math.rint(masked) && masked >= 1 && masked <= steps,
                    "dycoke p=0.8: " + steps + " steps should save a whole number in [1, steps] of 14,080, saved " + saved);
        }
    }
}
