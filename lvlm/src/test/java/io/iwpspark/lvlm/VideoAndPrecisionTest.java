package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Video frames (encoded one by one, pooled, concatenated in order) and half precision. */
class VideoAndPrecisionTest {
    static final String FIXTURE = "tiny-llava-mha";

    static BufferedImage image(String name) throws IOException {
        return ImageIO.read(Fixtures.dir(FIXTURE).resolve("reference/" + name).toFile());
    }

    /** Naive 2 x 2 average pooling of a (4 x 4, C) token grid, row-major. */
    static float[] pool2(float[] grid, int c) {
        float[] out = new float[4 * c];
        for (int oy = 0; oy < 2; oy++) {
            for (int ox = 0; ox < 2; ox++) {
                for (int k = 0; k < c; k++) {
                    float sum = 0;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            sum += grid[((2 * oy + dy) * 4 + 2 * ox + dx) * c + k];
                        }
                    }
                    out[(oy * 2 + ox) * c + k] = sum / 4;
                }
            }
        }
        return out;
    }

    @Test
    void framesAreEncodedOneByOnePooledAndConcatenatedInOrder() throws IOException {
        try (LlavaModel model = LlavaModel.load(Fixtures.dir(FIXTURE))) {
            BufferedImage a = image("image0.png");
            BufferedImage b = image("image1.png");
            int dv = model.config().projectorInput();
            float[] expected = new float[8 * dv];
            for (int f = 0; f < 2; f++) {
                try (PreparedSample single = model.prepare(List.of(f == 0 ? a : b), "Describe.")) {
                    float[] pooled = pool2(single.visual().features().toFloatArray(), dv);
                    System.arraycopy(pooled, 0, expected, f * 4 * dv, 4 * dv);
                }
            }
            try (PreparedSample video = model.prepare(List.of(a, b), "Describe.", PrepareOptions.defaults().withPoolStride(2))) {
                assertEquals(8, video.visual().count());
                assertEquals(2, video.visual().frames());
                assertEquals(2, video.visual().gridHeight());
                double d = Fixtures.maxAbsDiff(expected, video.visual().features().toFloatArray());
                assertTrue(d < 1e-5, "pooled frame features differ from per-frame pooling by " + d);
                Generation g = model.generate(video, TestPruners.fixed(0, 0, 5), 2, GenerationOptions.defaults().withMaxNewTokens(2));
                assertArrayEquals(new int[] {2, 2}, g.visualTokensPerLayer());
            }
        }
    }

    @Test
    void halfPrecisionStaysCloseToFloat32() throws IOException {
        runHalf(Device.cpu());
    }

    @Test
    void halfPrecisionOnTheGpu() throws IOException {
        assumeTrue(Engine.getInstance().getGpuCount() > 0, "no GPU on this machine");
        runHalf(Device.gpu());
    }

    private static void runHalf(Device device) throws IOException {
        float[] pixels = Fixtures.tensor(FIXTURE, "p0.pixel_values");
        float[] ref = Fixtures.tensor(FIXTURE, "p0.logits");
        int v = 152;
        float[] last = java.util.Arrays.copyOfRange(ref, ref.length - v, ref.length);
        try (LlavaModel half = LlavaModel.load(Fixtures.dir(FIXTURE), device, DataType.FLOAT16)) {
            int[] ids = Fixtures.ints(Fixtures.reference(FIXTURE).get("prompts").get(0).get("input_ids_unexpanded"));
            try (PreparedSample s = half.prepare(pixels, 1, ids, PrepareOptions.defaults())) {
                Generation g = half.generate(s, TestPruners.fixed(0, 1, 2, 3), 3,
                        GenerationOptions.defaults().withMaxNewTokens(2).withLogits(true));
                assertEquals(2, g.ids().length);
                Generation u = half.generate(s, null, 0, GenerationOptions.defaults().withMaxNewTokens(1).withLogits(true));
                double d = Fixtures.maxAbsDiff(last, u.logits()[0]);
                assertTrue(d < 2e-2, device + " f16 logits differ from transformers' f32 by " + d);
                assertEquals(2L * 2 * 4 * 27 * 16 * 2, u.kvCacheBytes(), "f16 KV cache: 2 bytes per value");
            }
        }
    }
}
