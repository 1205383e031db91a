package io.iwpspark.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {
    @Test
    void pytorchEngineLoadsOfflineAndMultiplies() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            float[] p = a.matMul(a).toFloatArray();
            assertEquals("PyTorch", m.getEngine().getEngineName());
            assertEquals(7f, p[0]);
            assertEquals(22f, p[3]);
        }
    }
}
