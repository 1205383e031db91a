package io.iwpspark.lvlm.llavanextvideo;

import io.iwpspark.lvlm.llava.LlavaCost;
import io.iwpspark.lvlm.runtime.CostModel;
import io.iwpspark.pruning.flops.DecoderShape;
import io.iwpspark.lvlm.runtime.VisualTokens;

/**
 * LLaVA-NeXT-Video's shapes for the analytic compute: an image costs what LLaVA-NeXT's does (tower on base
 * and crops, projector on every crop token before unpadding); a video runs the tower on every frame and
 * the projector on the pooled rows only (get_video_features pools before it projects).
 */
final class NextVideoCost implements CostModel {
    private final LlavaCost image;
    private final LlavaCost video;

    NextVideoCost(NextVideoConfig cfg) {
        this.image = new LlavaCost(cfg.base(), true);
        this.video = new LlavaCost(cfg.base(), false);
    }

    @Override
    public DecoderShape decoder() {
        return image.decoder();
    }

    /** Video tokens are F pooled grids (gridHeight > 0); an anyres image's packed rows have none. */
    @Override
    public double visionFlops(VisualTokens visual) {
        return visual.gridHeight() > 0 ? video.visionFlops(visual) : image.visionFlops(visual);
    }
}
