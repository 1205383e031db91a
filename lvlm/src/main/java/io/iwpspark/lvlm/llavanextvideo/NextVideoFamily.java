package io.iwpspark.lvlm.llavanextvideo;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.ModelFamily;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ExpectedWeights;
import io.iwpspark.lvlm.llavanext.LlavaNextFamily;
import io.iwpspark.pruning.Need;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * LLaVA-NeXT-Video (model_type "llava_next_video"): LLaVA-NeXT's anyres images, and videos whose frames the
 * model pools itself (CLIP tower, s x s pooling, projector), LLaMA-style decoder.
 */
public final class NextVideoFamily implements ModelFamily {
    /** Every pruner input: CLIP has a CLS token; newline rows of images carry zeros. */
    static final EnumSet<Need> SUPPLIES = EnumSet.allOf(Need.class);

    @Override
    public String modelType() {
        return NextVideoConfig.MODEL_TYPE;
    }

    @Override
    public ModelCard describe(Path dir) throws CheckpointException {
        return card(NextVideoConfig.read(dir));
    }

    @Override
    public ExpectedWeights expectedWeights(Path dir) throws CheckpointException {
        return LlavaNextFamily.expected(NextVideoConfig.read(dir).base());
    }

    @Override
    public Lvlm load(Path dir, Device device, DataType dtype) throws CheckpointException {
        return NextVideoModel.load(dir, device, dtype);
    }

    /** Visual tokens per image: the base image's (crops add more, by image size). Videos: pooled natively. */
    static ModelCard card(NextVideoConfig cfg) {
        return new ModelCard(NextVideoConfig.MODEL_TYPE, cfg.base().text().layers(), cfg.base().tokensPerImage(),
                SUPPLIES, ModelCard.VideoInput.NATIVE);
    }
}
