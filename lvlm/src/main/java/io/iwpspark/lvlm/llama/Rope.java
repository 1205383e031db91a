package io.iwpspark.lvlm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.RopeScaling;
import io.iwpspark.lvlm.decoder.Positions;

/**
 * Rotary position embedding in the "rotate half" layout of transformers' LLaMA: channel i and
 * channel i + d/2 form one rotating pair with frequency theta^(-2i/d).
 *
 * @param invFreq (d/2) float32 inverse frequencies, computed on the engine as transformers does
 * @param dtype the compute dtype cos and sin are cast to
 */
public record Rope(NDArray invFreq, DataType dtype) {

    public static Rope create(NDManager m, int headDim, double theta, DataType dtype) {
        return create(m, headDim, theta, RopeScaling.NONE, dtype);
    }

    public static Rope create(NDManager m, int headDim, double theta, RopeScaling scaling, DataType dtype) {
        // theta ** (arange(0, d, 2) / d), in float32 on the engine, as transformers computes it.
        NDArray exponent = m.arange(0, headDim, 2).toType(DataType.FLOAT32, false).divi(headDim);
        NDArray base = m.full(exponent.getShape(), (float) theta);
        NDArray invFreq = base.pow(exponent).pow(-1);
        if (scaling.type() != RopeScaling.Type.DEFAULT) {
            float[] f = invFreq.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            double[] scaled = scaling.apply(d);
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) scaled[i];
            }
            invFreq = m.create(f);
        }
        return new Rope(invFreq, dtype);
    }

    /** cos and sin, each (S, d), for the positions of S tokens (1-D: axis 0); created in {@code m}. */
    public NDList cosSin(NDManager m, Positions positions) {
        if (positions.axes() != 1) {
            throw new IllegalArgumentException("1-D RoPE needs one position axis, found " + positions.axes());
        }
        float[] p = new float[positions.length()];
        for (int i = 0; i < p.length; i++) {
            p[i] = positions.get(0, i);
        }
        NDArray freqs = m.create(p).reshape(p.length, 1).mul(invFreq.reshape(1, -1)); // (S, d/2)
        NDArray emb = freqs.concat(freqs, 1); // (S, d)
        return new NDList(emb.cos().toType(dtype, false), emb.sin().toType(dtype, false));
    }

    /** x (H, S, d) rotated by cos, sin (S, d): x cos + rotate_half(x) sin. */
    public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().get(2) / 2;
        NDArray x1 = x.get(":, :, :" + half);
        NDArray x2 = x.get(":, :, " + half + ":");
        NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), 2);
        return x.mul(cos).addi(rotated.muli(sin));
    }
}
