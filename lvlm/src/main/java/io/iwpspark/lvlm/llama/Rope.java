package io.iwpspark.lvlm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.RopeScaling;
import io.iwpspark.lvlm.decoder.Positions;

/**
 * Rotary position embedding in the "rotate half" layout of transformers' LLaMA: channel i and
 * channel i + d/2 form one rotating pair with frequency theta^(-2i/d). cos and sin of the first
 * {@link #TABLE} positions are computed once at load (the same float32 products transformers forms
 * per call, so the same values); a layer then slices or gathers its rows instead of recomputing them.
 */
public final class Rope {
    /** Positions tabulated at load (at most max_position_embeddings); later ones are computed per call. */
    static final int TABLE = 8192;

    private final NDArray invFreq; // (d/2) float32 inverse frequencies, computed on the engine as transformers does
    private final DataType dtype; // the compute dtype cos and sin are cast to
    private final NDArray cos; // (P, d) cos of position p's angles, in dtype
    private final NDArray signedSin; // (P, d) sin with its first half negated (rotate_half's sign), in dtype

    private Rope(NDManager m, NDArray invFreq, DataType dtype, int positions) {
        this.invFreq = invFreq;
        this.dtype = dtype;
        int[] p = new int[Math.max(1, Math.min(positions, TABLE))];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        try (NDManager scratch = m.newSubManager()) {
            NDList table = compute(scratch, p);
            table.attach(m);
            this.cos = table.get(0);
            this.signedSin = table.get(1);
        }
    }

    public static Rope create(NDManager m, int headDim, double theta, DataType dtype, int positions) {
        return create(m, headDim, theta, RopeScaling.NONE, dtype, positions);
    }

    /** @param positions max_position_embeddings: the table covers min(positions, {@link #TABLE}) */
    public static Rope create(NDManager m, int headDim, double theta, RopeScaling scaling, DataType dtype,
            int positions) {
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
        return new Rope(m, invFreq, dtype, positions);
    }

    /**
     * cos and sign-folded sin, each (S, d), for the positions of S tokens (1-D: axis 0), in {@code m}:
     * a slice of the table for consecutive positions (prefill, a decoding step), a gather otherwise.
     */
    public NDList cosSin(NDManager m, Positions positions) {
        if (positions.axes() != 1) {
            throw new IllegalArgumentException("1-D RoPE needs one position axis, found " + positions.axes());
        }
        int n = positions.length();
        int first = n == 0 ? 0 : positions.get(0, 0);
        boolean consecutive = true;
        boolean tabulated = true;
        for (int i = 0; i < n; i++) {
            int p = positions.get(0, i);
            consecutive &= p == first + i;
            tabulated &= p >= 0 && p < cos.getShape().get(0);
        }
        if (!tabulated) {
            return compute(m, positions.axis(0));
        }
        NDIndex rows = consecutive ? new NDIndex(first + ":" + (first + n)) : new NDIndex("{}", m.create(positions.axis(0)));
        return new NDList(cos.get(m, rows), signedSin.get(m, rows));
    }

    /** cos and sign-folded sin (S, d) of positions p, computed: angles p * invFreq in float32, as transformers. */
    private NDList compute(NDManager m, int[] positions) {
        float[] p = new float[positions.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = positions[i];
        }
        NDArray freqs = m.create(p).reshape(p.length, 1).mul(invFreq.reshape(1, -1)); // (S, d/2)
        NDArray sin = freqs.sin();
        NDArray signed = sin.neg().concat(sin, 1).toType(dtype, false); // (S, d): -sin, sin
        return new NDList(freqs.concat(freqs, 1).cos().toType(dtype, false), signed);
    }

    /**
     * x (H, S, d) rotated: x cos + rotate_half(x) sin, where rotate_half(x) = (-x2, x1). With the sign
     * folded into {@code signedSin} this is x cos + (x2, x1) signedSin, the same floats ((-a) b = a (-b)).
     */
    public static NDArray apply(NDArray x, NDArray cos, NDArray signedSin) {
        long half = x.getShape().get(2) / 2;
        NDArray swapped = x.get(":, :, " + half + ":").concat(x.get(":, :, :" + half), 2);
        return x.mul(cos).addi(swapped.muli(signedSin));
    }
}
