package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** Random test inputs and naive scalar helpers shared by the baseline tests. */
final class Fixtures {
    private Fixtures() {}

    static float[][] gaussian(Random rng, int rows, int cols) {
        float[][] x = new float[rows][cols];
        for (float[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) rng.nextGaussian();
            }
        }
        return x;
    }

    /** Positive values summing to 1 per row (an attention distribution). */
    static float[][] attention(Random rng, int rows, int cols) {
        float[][] a = new float[rows][cols];
        for (float[] row : a) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                row[j] = (float) Math.exp(2 * rng.nextGaussian());
                sum += row[j];
            }
            for (int j = 0; j < cols; j++) {
                row[j] = (float) (row[j] / sum);
            }
        }
        return a;
    }

    static NDArray nd(NDManager m, float[][] x) {
        float[] flat = new float[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
        }
        return m.create(flat, new Shape(x.length, x[0].length));
    }

    static NDArray nd(NDManager m, float[][][] x) {
        int a = x.length;
        int b = x[0].length;
        int c = x[0][0].length;
        float[] flat = new float[a * b * c];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(x[i][j], 0, flat, (i * b + j) * c, c);
            }
        }
        return m.create(flat, new Shape(a, b, c));
    }

    static double cos(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** Naive top-k by repeated scans: highest first, ties to the lower index, excluded skipped. */
    static int[] topK(double[] s, boolean[] excluded, int k) {
        boolean[] used = excluded == null ? new boolean[s.length] : excluded.clone();
        int[] out = new int[k];
        for (int t = 0; t < k; t++) {
            int best = -1;
            for (int i = 0; i < s.length; i++) {
                if (!used[i] && (best < 0 || s[i] > s[best])) {
                    best = i;
                }
            }
            used[best] = true;
            out[t] = best;
        }
        return out;
    }

    static int[] sorted(int[] x) {
        int[] c = x.clone();
        java.util.Arrays.sort(c);
        return c;
    }

    /** Every field a pruner can ask for, random, for N visual and T text tokens. */
    static final class Fields {
        final int n;
        final int g;
        final Map<Need, float[][][]> data = new EnumMap<>(Need.class);
        float[][][] values;

        Fields(Random rng, int n, int t, int g, int d, int hidden, int vision) {
            this.n = n;
            this.g = g;
            data.put(Need.VISUAL_KV, new float[][][] {gaussian(rng, g * n, d)});
            values = new float[][][] {gaussian(rng, g * n, d)};
            data.put(Need.TEXT_KEYS, new float[][][] {gaussian(rng, g * t, d)});
            data.put(Need.LAST_TOKEN_ATTENTION, new float[][][] {attention(rng, 1, n)});
            data.put(Need.LAST_TOKEN_ATTENTION_AT_STAGE, new float[][][] {attention(rng, 1, n)});
            data.put(Need.TEXT_TO_VISUAL_ATTENTION, new float[][][] {attention(rng, t, n)});
            data.put(Need.CLS_ATTENTION, new float[][][] {attention(rng, 1, n)});
            data.put(Need.VISION_KEYS, new float[][][] {gaussian(rng, n, vision)});
            data.put(Need.VISION_FEATURES, new float[][][] {gaussian(rng, n, vision)});
            data.put(Need.VISUAL_HIDDEN, new float[][][] {gaussian(rng, n, hidden)});
            data.put(Need.TEXT_HIDDEN, new float[][][] {gaussian(rng, t, hidden)});
            data.put(Need.VISION_ATTENTION, new float[][][] {attention(rng, 1, n)}); // last: earlier fields keep their draws
        }

        float[][] get(Need need) {
            return data.get(need)[0];
        }

        /** Inputs with every field except those in {@code omit}. */
        PruneInputs build(NDManager m, java.util.Set<Need> omit) {
            PruneInputs.Builder b = PruneInputs.builder(n).optSeed(7);
            for (Need need : Need.values()) {
                if (omit.contains(need)) {
                    continue;
                }
                float[][] x = get(need);
                switch (need) {
                    case VISUAL_KV -> b.optKeysValues(groups(m, x), groups(m, values[0]));
                    case TEXT_KEYS -> b.optTextKeys(groups(m, x));
                    case LAST_TOKEN_ATTENTION -> b.optLastTokenAttention(nd(m, x).reshape(n));
                    case LAST_TOKEN_ATTENTION_AT_STAGE -> b.optLastTokenAttentionAtStage(nd(m, x).reshape(n));
                    case TEXT_TO_VISUAL_ATTENTION -> b.optTextToVisualAttention(nd(m, x));
                    case CLS_ATTENTION -> b.optClsAttention(nd(m, x).reshape(n));
                    case VISION_ATTENTION -> b.optVisionAttention(nd(m, x).reshape(n));
                    case VISION_KEYS -> b.optVisionKeys(nd(m, x));
                    case VISION_FEATURES -> b.optVisionFeatures(nd(m, x));
                    case VISUAL_HIDDEN -> b.optVisualHidden(nd(m, x));
                    case TEXT_HIDDEN -> b.optTextHidden(nd(m, x));
                }
            }
            return b.build();
        }

        /** (g * M, d) rows -> (g, M, d). */
        private NDArray groups(NDManager m, float[][] x) {
            return nd(m, x).reshape(g, x.length / g, x[0].length);
        }
    }

    /** The input field name a need fills (the one a pruner reads and checks). */
    static String field(Need need) {
        return switch (need) {
            case VISUAL_KV -> "keys";
            case TEXT_KEYS -> "textKeys";
            case LAST_TOKEN_ATTENTION -> "lastTokenAttention";
            case LAST_TOKEN_ATTENTION_AT_STAGE -> "lastTokenAttentionAtStage";
            case TEXT_TO_VISUAL_ATTENTION -> "textToVisualAttention";
            case CLS_ATTENTION -> "clsAttention";
            case VISION_ATTENTION -> "visionAttention";
            case VISION_KEYS -> "visionKeys";
            case VISION_FEATURES -> "visionFeatures";
            case VISUAL_HIDDEN -> "visualHidden";
            case TEXT_HIDDEN -> "textHidden";
        };
    }
}
