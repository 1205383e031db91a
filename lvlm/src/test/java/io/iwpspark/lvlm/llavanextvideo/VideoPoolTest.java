package io.iwpspark.lvlm.llavanextvideo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * LlavaNextVideoPooler's two weight-free modes on a hand case: a 4 x 4 frame grid holding 0..15 (row-major),
 * then the same + 100 as a second frame, one channel, 2 x 2 windows with stride 2 (nn.AvgPool2d / nn.MaxPool2d).
 */
class VideoPoolTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/tiny-llava-next-video");

    private static float[] pooled(NextVideoConfig.PoolMode mode) throws CheckpointException {
        NextVideoConfig read = NextVideoConfig.read(FIXTURE); // 56 px, patch 14: g = 4
        NextVideoConfig cfg = new NextVideoConfig(read.next(), read.videoTokenId(), mode, 2);
        VideoEncoder encoder = new VideoEncoder(cfg, null, null);
        float[] rows = new float[32];
        for (int i = 0; i < 32; i++) {
            rows[i] = i < 16 ? i : 100 + i - 16;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            return encoder.pool(m.create(rows, new Shape(2, 16, 1)), 2).toFloatArray();
        }
    }

    @Test
    void averageOfEachWindow() throws CheckpointException {
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f, 102.5f, 104.5f, 110.5f, 112.5f},
                pooled(NextVideoConfig.PoolMode.AVERAGE), 1e-6f);
    }

    @Test
    void maxOfEachWindow() throws CheckpointException {
        assertArrayEquals(new float[] {5, 7, 13, 15, 105, 107, 113, 115}, pooled(NextVideoConfig.PoolMode.MAX), 0f);
    }
}
