package io.iwpspark.lvlm.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.decoder.Positions;
import org.junit.jupiter.api.Test;

/**
 * The tabulated cos / sin rows equal the ones computed per call (slice, gather, and positions past the
 * table), and the sign-folded rotation equals transformers' x cos + rotate_half(x) sin written out by hand.
 */
class RopeTableTest {
    @Test
    void tableRowsEqualComputedRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            Rope small = Rope.create(m, 8, 10000.0, DataType.FLOAT32, 4); // table of positions 0..3
            Rope large = Rope.create(m, 8, 10000.0, DataType.FLOAT32, 64);
            for (Positions p : new Positions[] {Positions.of(2, 3, 4, 5), Positions.of(5, 1, 3), Positions.of(0, 1, 2),
                    Positions.of(40)}) {
                NDList a = small.cosSin(m, p);
                NDList b = large.cosSin(m, p);
                assertArrayEquals(b.get(0).toFloatArray(), a.get(0).toFloatArray(), "cos at " + p);
                assertArrayEquals(b.get(1).toFloatArray(), a.get(1).toFloatArray(), "signed sin at " + p);
            }
            // a gathered row equals the row of its position in a consecutive slice
            float[] slice = large.cosSin(m, Positions.sequence(6)).get(1).toFloatArray();
            float[] five = large.cosSin(m, Positions.of(5)).get(1).toFloatArray();
            for (int i = 0; i < 8; i++) {
                assertEquals(slice[5 * 8 + i], five[i], "signed sin, channel " + i);
            }
        }
    }

    @Test
    void signedSinRotationEqualsRotateHalf() {
        try (NDManager m = NDManager.newBaseManager()) {
            Rope rope = Rope.create(m, 4, 10000.0, DataType.FLOAT32, 16);
            NDList cs = rope.cosSin(m, Positions.of(3, 7));
            float[] x = {0.5f, -1.25f, 2f, 0.75f, -0.3f, 1.1f, 0.2f, -2.4f}; // (1 head, 2 tokens, d = 4)
            NDArray out = Rope.apply(m.create(x).reshape(1, 2, 4), cs.get(0), cs.get(1));
            float[] got = out.toFloatArray();
            for (int t = 0; t < 2; t++) {
                int p = t == 0 ? 3 : 7;
                for (int i = 0; i < 4; i++) {
                    int pair = i % 2; // channel i rotates with i +- d/2; frequency theta^(-2 pair / d)
                    float inv = (float) (1.0 / Math.pow(10000.0, 2.0 * pair / 4));
                    float angle = p * inv;
                    float rot = i < 2 ? -x[t * 4 + i + 2] : x[t * 4 + i - 2]; // rotate_half: (-x2, x1)
                    float want = x[t * 4 + i] * (float) Math.cos(angle) + rot * (float) Math.sin(angle);
                    assertEquals(want, got[t * 4 + i], 1e-6, "token " + t + " channel " + i);
                }
            }
        }
    }
}
