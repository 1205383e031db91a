package io.iwpspark.lvlm.llava;

import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.runtime.CostModel;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.pruning.flops.DecoderShape;
import io.iwpspark.pruning.flops.FlopsModel;
import io.iwpspark.pruning.flops.VisionShape;

/** LLaVA-1.5's shapes for pruning-core's analytic compute model: CLIP tower per frame, MLP projector, decoder. */
final class LlavaCost implements CostModel {
    private final LlavaConfig cfg;
    private final DecoderShape decoder;

    LlavaCost(LlavaConfig cfg) {
        this.cfg = cfg;
        this.decoder = cfg.text().shape();
    }

    @Override
    public double prefillFlops(int[] tokensPerLayer) {
        return FlopsModel.prefillFlops(decoder, tokensPerLayer);
    }

    @Override
    public double prefillMacsFastV(int[] tokensPerLayer) {
        return FlopsModel.prefillMacsFastV(decoder, tokensPerLayer);
    }

    /** The vision layers that run, for every image through the tower, plus the projector on the visual tokens. */
    @Override
    public double visionFlops(VisualTokens visual) {
        var v = cfg.vision();
        int g = v.grid();
        VisionShape shape = new VisionShape(Math.max(1, cfg.visionLayersToRun()), v.hidden(), v.intermediate(), g * g,
                v.channels() * v.patchSize() * v.patchSize(), cfg.text().hidden());
        double tower = cfg.visionLayersToRun() == 0 ? 0 : FlopsModel.visionFlops(shape, visual.towerImages());
        return tower + FlopsModel.projectorFlops(shape, decoder, visual.count());
    }
}
