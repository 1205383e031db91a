package io.iwpspark.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Seeded random tensors as host arrays [g][n][d] and the matching NDArrays. */
public final class TestData {
    private TestData() {}

    /** (G, N, d) standard normal entries times {@code scale}. */
    public static float[][][] normal(long seed, int g, int n, int d, double scale) {
        Random r = new Random(seed);
        float[][][] x = new float[g][n][d];
        for (float[][] a : x) {
            for (float[] b : a) {
                for (int k = 0; k < d; k++) {
                    b[k] = (float) (r.nextGaussian() * scale);
                }
            }
        }
        return x;
    }

    public static NDArray toNd(NDManager m, float[][][] x) {
        int g = x.length;
        int n = x[0].length;
        int d = x[0][0].length;
        float[] flat = new float[g * n * d];
        int p = 0;
        for (float[][] a : x) {
            for (float[] b : a) {
                System.arraycopy(b, 0, flat, p, d);
                p += d;
            }
        }
        return m.create(flat, new Shape(g, n, d));
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
