package io.iwpspark.lvlm.llavanext;

import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.runtime.CostModel;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.pruning.flops.DecoderShape;
import io.iwpspark.pruning.flops.FlopsModel;
import io.iwpspark.pruning.flops.VisionShape;

/**
 * LLaVA-NeXT's shapes for pruning-core's analytic compute: the CLIP tower on every tile (base image and
 * each crop), the projector on every tile token (transformers projects before unpadding, so the
 * unpadded-away tokens cost projector work too; image_newline rows cost none), then the decoder.
 */
final class NextCost implements CostModel {
    private final LlavaConfig cfg;
    private final DecoderShape decoder;

    NextCost(LlavaConfig cfg) {
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

    @Override
    public double visionFlops(VisualTokens visual) {
        var v = cfg.vision();
        int g = v.grid();
        VisionShape shape = new VisionShape(Math.max(1, cfg.visionLayersToRun()), v.hidden(), v.intermediate(), g * g,
                v.channels() * v.patchSize() * v.patchSize(), cfg.text().hidden());
        double tower = cfg.visionLayersToRun() == 0 ? 0 : FlopsModel.visionFlops(shape, visual.towerImages());
        long projectedRows = (long) visual.towerImages() * cfg.tokensPerImage();
        return tower + FlopsModel.projectorFlops(shape, decoder, projectedRows);
    }
}
