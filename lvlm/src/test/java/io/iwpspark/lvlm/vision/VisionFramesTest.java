package io.iwpspark.lvlm.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLIP tower run frame by frame ({@link FrameByFrame}, what forward does on a CPU) gives the batched
 * run's features, CLS attention and keys bit for bit, on the quick start's model (4 layers, last layer's
 * features) and a fixture taking the second-to-last layer; so the sweep's predictions cannot move.
 */
class VisionFramesTest {
    @ParameterizedTest
    @ValueSource(strings = {"../models/tiny-llava-shapes", "src/test/resources/fixtures/tiny-llava-mha"})
    void frameByFrameEqualsBatched(String model) throws CheckpointException {
        Path dir = Path.of(model);
        LlavaConfig cfg = ConfigReader.readLlava(dir);
        int side = cfg.vision().imageSize();
        int frames = 3;
        float[] pixels = new float[frames * 3 * side * side];
        Random r = new Random(41);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            ClipVisionTower tower = new ClipVisionTower(Checkpoint.open(dir), m, DataType.FLOAT32, cfg);
            NDArray input = m.create(pixels, new Shape(frames, 3, side, side));
            VisionOutput each = tower.forward(input);
            VisionOutput all = tower.batched(input);
            assertEquals(all.features().getShape(), each.features().getShape(), model + ": features shape");
            assertArrayEquals(bits(all.features()), bits(each.features()), model + ": features");
            assertNotNull(each.clsAttention(), model + ": CLS attention");
            assertArrayEquals(bits(all.clsAttention()), bits(each.clsAttention()), model + ": CLS attention");
            assertArrayEquals(bits(all.keys()), bits(each.keys()), model + ": keys");
            assertArrayEquals(bits(all.visionAttention()), bits(each.visionAttention()), model + ": attention received");
        }
    }

    private static int[] bits(NDArray x) {
        float[] f = x.toFloatArray();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }
}
