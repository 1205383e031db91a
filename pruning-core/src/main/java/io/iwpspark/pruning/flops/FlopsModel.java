package io.iwpspark.pruning.flops;

/**
 * Analytic compute of a LLaVA-style forward pass (METHOD.md section 5). One multiply-accumulate is
 * two FLOPs. Prefill only; the LM head is not counted (one row, and the same for every method).
 *
 * <p>Decoder layer with n tokens: 2 * (n d (2 d + 2 d_kv) + 2 n^2 d + 3 n d m) FLOPs: the q/o and k/v
 * projections (d_kv = d under multi-head attention, giving METHOD.md's 4 n d^2), the two n x n
 * attention products, and SwiGLU's three matrices.
 *
 * <p>The FastV convention (the unit papers print as "TFLOPs"): per layer 4 n d^2 + 2 n^2 d + 2 n d m,
 * multiply-accumulates, two FFN matrices, no grouped-query saving.
 */
public final class FlopsModel {
    private FlopsModel() {}

    /** @param tokensPerLayer (L) the sequence length each decoder layer sees */
    public static double prefillFlops(DecoderShape s, int[] tokensPerLayer) {
        requireLayers(s, tokensPerLayer);
        double d = s.hidden();
        double total = 0;
        for (int n : tokensPerLayer) {
            total += 2 * (n * d * (2 * d + 2 * s.kvWidth()) + 2.0 * n * n * d + 3.0 * n * d * s.ffn());
        }
        return total;
    }

    /** The FastV-paper count of the same prefill, in multiply-accumulates. */
    public static double prefillMacsFastV(DecoderShape s, int[] tokensPerLayer) {
        requireLayers(s, tokensPerLayer);
        double d = s.hidden();
        double total = 0;
        for (int n : tokensPerLayer) {
            total += 4 * n * d * d + 2.0 * n * n * d + 2.0 * n * d * s.ffn();
        }
        return total;
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

    private static void requireLayers(DecoderShape s, int[] tokensPerLayer) {
        if (tokensPerLayer.length != s.layers()) {
            throw new IllegalArgumentException("tokensPerLayer must have one entry per decoder layer ("
                    + s.layers() + "), found " + tokensPerLayer.length);
        }
        for (int l = 0; l < tokensPerLayer.length; l++) {
            if (tokensPerLayer[l] < 0) {
                throw new IllegalArgumentException("tokens at layer " + l + " must be >= 0, found " + tokensPerLayer[l]);
            }
        }
    }
}
