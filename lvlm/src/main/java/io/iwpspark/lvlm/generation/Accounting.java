package io.iwpspark.lvlm.generation;

import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.pruning.flops.DecoderShape;
import io.iwpspark.pruning.flops.FlopsModel;
import io.iwpspark.pruning.flops.VisionShape;

/** The model's shapes for pruning-core's analytic compute model. */
final class Accounting {
    private final LlavaConfig cfg;
    private final DecoderShape decoder;

    Accounting(LlavaConfig cfg) {
        this.cfg = cfg;
        this.decoder = new DecoderShape(cfg.text().layers(), cfg.text().hidden(), cfg.text().intermediate(),
                cfg.text().heads(), cfg.text().kvHeads());
    }

    double prefillFlops(int[] tokensPerLayer) {
        return FlopsModel.prefillFlops(decoder, tokensPerLayer);
    }

    double prefillMacsFastV(int[] tokensPerLayer) {
        return FlopsModel.prefillMacsFastV(decoder, tokensPerLayer);
    }

    /** Vision tower (the layers that run) for every frame, plus the projector on the visual tokens. */
    double visionFlops(int frames, int visualTokens) {
        var v = cfg.vision();
        int g = v.grid();
        VisionShape shape = new VisionShape(Math.max(1, cfg.visionLayersToRun()), v.hidden(), v.intermediate(), g * g,
                v.channels() * v.patchSize() * v.patchSize(), cfg.text().hidden());
        double tower = cfg.visionLayersToRun() == 0 ? 0 : FlopsModel.visionFlops(shape, frames);
        return tower + FlopsModel.projectorFlops(shape, decoder, visualTokens);
    }
}
