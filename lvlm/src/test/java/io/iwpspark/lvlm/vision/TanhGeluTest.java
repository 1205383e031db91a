package io.iwpspark.lvlm.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** SigLIP's gelu_pytorch_tanh against values computed by hand (Python math, double precision). */
class TanhGeluTest {
    @Test
    void tanhApproximationByHand() {
        float[] x = {1f, -2f, 0.5f, 3f};
        // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); the erf GELU would give 0.84134, -0.04550, 0.34573, 2.99595.
        double[] want = {0.8411919906082768, -0.04540230591222494, 0.34571400982514394, 2.996362607918227};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = ClipLayer.tanhGelu(m.create(x)).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(want[i], got[i], 1e-6, "gelu_pytorch_tanh(" + x[i] + ")");
            }
        }
    }
}
