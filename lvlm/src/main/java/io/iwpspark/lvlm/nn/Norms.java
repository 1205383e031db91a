package io.iwpspark.lvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;

/** The two normalisations: LayerNorm (CLIP) and RMSNorm (LLaMA). */
public final class Norms {
    private Norms() {}

    /**
     * LayerNorm over the last axis.
     *
     * @param weight (D)
     * @param bias (D)
     */
    public record LayerNorm(NDArray weight, NDArray bias, float eps) {
        public static LayerNorm load(Checkpoint c, NDManager m, DataType t, String name, int dim, double eps)
                throws CheckpointException {
            return new LayerNorm(c.load(m, t, name + ".weight", dim), c.load(m, t, name + ".bias", dim), (float) eps);
        }

        public NDArray apply(NDArray x) {
            return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, eps)
                    .singletonOrThrow();
        }
    }

    /**
     * RMSNorm over the last axis, computed in float32 as transformers does, then cast back and scaled.
     *
     * @param weight (D)
     */
    public record RmsNorm(NDArray weight, double eps) {
        public static RmsNorm load(Checkpoint c, NDManager m, DataType t, String name, int dim, double eps)
                throws CheckpointException {
            return new RmsNorm(c.load(m, t, name + ".weight", dim), eps);
        }

        public NDArray apply(NDArray x) {
            DataType type = x.getDataType();
            NDArray x32 = type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
            // 1 / sqrt(mean(x^2) + eps), per row
            NDArray inv = x32.square().mean(new int[] {-1}, true).addi(eps).sqrt().pow(-1);
            NDArray normed = x32.mul(inv);
            if (type != DataType.FLOAT32) {
                normed = normed.toType(type, false);
            }
            return normed.muli(weight);
        }
    }
}
