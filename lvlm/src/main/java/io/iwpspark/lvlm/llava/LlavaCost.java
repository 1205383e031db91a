package io.iwpspark.lvlm.llava;

import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.runtime.CostModel;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.pruning.flops.DecoderShape;
import io.iwpspark.pruning.flops.FlopsModel;
import io.iwpspark.pruning.flops.VisionShape;

/**
 * A CLIP LLaVA's shapes for pruning-core's analytic compute: the vision layers that run, on every image
 * through the tower (frames, or LLaVA-NeXT's base image and crops), the MLP projector, the decoder.
 *
 * @param cfg the checkpoint's configuration
 * @param projectsEveryTowerToken true when the projector runs on every token of every tower image
 *     (LLaVA-NeXT projects before unpadding, so unpadded-away tokens cost projector work too); false
 *     when it runs on the visual tokens the decoder gets (LLaVA-1.5, after any pooling)
 */
public record LlavaCost(LlavaConfig cfg, boolean projectsEveryTowerToken) implements CostModel {
    @Override
    public DecoderShape decoder() {
        return cfg.text().shape();
    }

    @Override
    public double visionFlops(VisualTokens visual) {
        var v = cfg.vision();
        int g = v.grid();
        VisionShape shape = new VisionShape(Math.max(1, cfg.visionLayersToRun()), v.hidden(), v.intermediate(), g * g,
                v.channels() * v.patchSize() * v.patchSize(), cfg.text().hidden());
        double tower = cfg.visionLayersToRun() == 0 ? 0 : FlopsModel.visionFlops(shape, visual.towerImages());
        long projected = projectsEveryTowerToken ? (long) visual.towerImages() * cfg.tokensPerImage() : visual.count();
        return tower + FlopsModel.projectorFlops(shape, decoder(), projected);
    }
}
