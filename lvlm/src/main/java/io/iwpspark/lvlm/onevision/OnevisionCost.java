package io.iwpspark.lvlm.onevision;

import io.iwpspark.lvlm.runtime.CostModel;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.pruning.flops.DecoderShape;
import io.iwpspark.pruning.flops.FlopsModel;
import io.iwpspark.pruning.flops.VisionShape;
import java.util.Arrays;

/**
 * OneVision's shapes for pruning-core's analytic compute model: the SigLIP tower (no CLS token) on
 * every crop or frame, the projector on every patch of them (transformers projects before it pools
 * a video or unpads and shrinks an image), the Qwen2 decoder.
 */
final class OnevisionCost implements CostModel {
    private final DecoderShape decoder;
    private final VisionShape vision;
    private final VisionShape projector; // hidden = the projector's input, Dv x feature layers
    private final int layersToRun;

    OnevisionCost(OnevisionConfig cfg) {
        this.decoder = cfg.text().shape();
        var v = cfg.vision();
        int[] layers = cfg.resolvedFeatureLayers();
        this.layersToRun = Arrays.stream(layers).max().orElse(0);
        this.vision = new VisionShape(Math.max(1, layersToRun), v.hidden(), v.intermediate(), cfg.grid() * cfg.grid(),
                v.channels() * v.patchSize() * v.patchSize(), cfg.text().hidden());
        this.projector = new VisionShape(vision.layers(), cfg.projectorInput(), vision.ffn(), vision.patches(),
                vision.patchPixels(), vision.projectorHidden());
    }

    @Override
    public DecoderShape decoder() {
        return decoder;
    }

    /** Tower on every crop or frame, projector on all their patches. */
    @Override
    public double visionFlops(VisualTokens visual) {
        int images = visual.towerImages();
        double tower = layersToRun == 0 ? 0 : FlopsModel.visionFlops(vision, images, false);
        return tower + FlopsModel.projectorFlops(projector, decoder, (long) images * vision.patches());
    }
}
