package io.iwpspark.pruning.flops;

/**
 * Analytic compute of a LLaVA-style forward pass (METHOD.md section 5). One multiply-accumulate is
 * two FLOPs. The LM head is not counted (one row per generated token, the same for every method).
 *
 * <p>A decoder layer where q query tokens attend k keys costs 2 * (q d (2 d + 2 d_kv) + 2 q k d + 3 q d m)
 * FLOPs: the q/o and k/v projections of the new tokens (d_kv = d under multi-head attention, giving
 * METHOD.md's 4 n d^2), the two q x k attention products (scores and weighted sum, no causal halving),
 * and SwiGLU's three matrices. Prefill is q = k = n, the layer's tokens: 2 * (n d (2 d + 2 d_kv) + 2 n^2 d
 * + 3 n d m). A decode step is q = 1 and k = the keys the new token attends at that layer (its cache plus
 * itself, less any entries a decoding rule hides), so it is the same formula, not a separate one.
 *
 * <p>The FastV convention (the unit papers print as "TFLOPs"): per layer 4 q d^2 + 2 q k d + 2 q d m,
 * multiply-accumulates, two FFN matrices, no grouped-query saving; FastV's and PyramidDrop's prefill
 * formula 4 n d^2 + 2 n^2 d + 2 n d m at q = k = n.
 */
public final class FlopsModel {
    private FlopsModel() {}

    /** @param tokensPerLayer (L) the sequence length each decoder layer sees */
    public static double prefillFlops(DecoderShape s, int[] tokensPerLayer) {
        requireLayers(s, tokensPerLayer, "tokensPerLayer");
        double total = 0;
        for (int n : tokensPerLayer) {
            total += layerFlops(s, n, n);
        }
        return total;
    }

    /** The FastV-paper count of the same prefill, in multiply-accumulates. */
    public static double prefillMacsFastV(DecoderShape s, int[] tokensPerLayer) {
        requireLayers(s, tokensPerLayer, "tokensPerLayer");
        double total = 0;
        for (int n : tokensPerLayer) {
            total += layerMacsFastV(s, n, n);
        }
        return total;
    }

    /**
     * One decode step: a single new token through every layer.
     *
     * @param keysPerLayer (L) the keys the token attends at each layer (cached entries it may see, itself included)
     */
    public static double decodeStepFlops(DecoderShape s, int[] keysPerLayer) {
        requireLayers(s, keysPerLayer, "keysPerLayer");
        double total = 0;
        for (int k : keysPerLayer) {
            total += layerFlops(s, 1, k);
        }
        return total;
    }

    /** The same decode step in the FastV convention (multiply-accumulates). */
    public static double decodeStepMacsFastV(DecoderShape s, int[] keysPerLayer) {
        requireLayers(s, keysPerLayer, "keysPerLayer");
        double total = 0;
        for (int k : keysPerLayer) {
            total += layerMacsFastV(s, 1, k);
        }
        return total;
    }

    /** One layer, {@code q} query tokens over {@code k} keys, in FLOPs. */
    private static double layerFlops(DecoderShape s, int q, int k) {
        double d = s.hidden();
        return 2 * (q * d * (2 * d + 2 * s.kvWidth()) + 2.0 * q * k * d + 3.0 * q * d * s.ffn());
    }

    /** One layer, {@code q} query tokens over {@code k} keys, in FastV's multiply-accumulates. */
    private static double layerMacsFastV(DecoderShape s, int q, int k) {
        double d = s.hidden();
        return 4 * q * d * d + 2.0 * q * k * d + 2.0 * q * d * s.ffn();
    }

    /** Vision tower for {@code images} images (frames): patch embedding plus pre-LN transformer layers on patches + CLS. */
    public static double visionFlops(VisionShape v, int images) {
        return visionFlops(v, images, true);
    }

    /**
     * Vision tower for {@code images} images (crops, frames): patch embedding plus pre-LN transformer
     * layers on the patches, plus one CLS token when {@code classToken} (CLIP has one; SigLIP, as
     * LLaVA-OneVision uses it, has none).
     */
    public static double visionFlops(VisionShape v, int images, boolean classToken) {
        double t = v.patches() + (classToken ? 1 : 0);
        double dv = v.hidden();
        double perLayer = 2 * (4 * t * dv * dv + 2 * t * t * dv + 2 * t * dv * v.ffn());
        double embed = 2.0 * v.patches() * v.patchPixels() * dv;
        return images * (embed + v.layers() * perLayer);
    }

    /** The projector (Dv -> P -> D) on {@code tokens} visual tokens. */
    public static double projectorFlops(VisionShape v, DecoderShape s, long tokens) {
        return 2.0 * tokens * ((double) v.hidden() * v.projectorHidden() + (double) v.projectorHidden() * s.hidden());
    }

    /**
     * The per-layer sequence lengths when {@code text} text tokens stay and the visual tokens follow
     * {@code visualPerLayer} (L).
     */
    public static int[] tokensPerLayer(int text, int[] visualPerLayer) {
        int[] n = new int[visualPerLayer.length];
        for (int l = 0; l < n.length; l++) {
            if (visualPerLayer[l] < 0) {
                throw new IllegalArgumentException("visual tokens at layer " + l + " must be >= 0, found " + visualPerLayer[l]);
            }
            n[l] = text + visualPerLayer[l];
        }
        return n;
    }

    private static void requireLayers(DecoderShape s, int[] perLayer, String name) {
        if (perLayer.length != s.layers()) {
            throw new IllegalArgumentException(name + " must have one entry per decoder layer ("
                    + s.layers() + "), found " + perLayer.length);
        }
        for (int l = 0; l < perLayer.length; l++) {
            if (perLayer[l] < 0) {
                throw new IllegalArgumentException(name + " at layer " + l + " must be >= 0, found " + perLayer[l]);
            }
        }
    }
}
