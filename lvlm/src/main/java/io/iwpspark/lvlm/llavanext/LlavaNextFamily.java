package io.iwpspark.lvlm.llavanext;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.ModelFamily;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ExpectedWeights;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.llava.LlavaFamily;
import io.iwpspark.pruning.Need;
import java.nio.file.Path;
import java.util.EnumSet;

/** LLaVA-NeXT (model_type "llava_next"): CLIP on anyres tiles, MLP projector, image_newline, LLaMA-style decoder. */
public final class LlavaNextFamily implements ModelFamily {
    /** Every pruner input: CLIP has a CLS token (CLS attention per tile); newline rows carry zeros. */
    static final EnumSet<Need> SUPPLIES = EnumSet.allOf(Need.class);

    @Override
    public String modelType() {
        return LlavaNextConfig.MODEL_TYPE;
    }

    @Override
    public ModelCard describe(Path dir) throws CheckpointException {
        return card(LlavaNextConfig.read(dir));
    }

    @Override
    public ExpectedWeights expectedWeights(Path dir) throws CheckpointException {
        return expected(LlavaNextConfig.read(dir).base());
    }

    /** LLaVA's tensors plus image_newline (D), what {@link LlavaNextModel#load} reads; NeXT-Video reads the same. */
    public static ExpectedWeights expected(LlavaConfig base) {
        return LlavaFamily.expected(base).tensor(WeightNames.IMAGE_NEWLINE, base.text().hidden()).build();
    }

    @Override
    public Lvlm load(Path dir, Device device, DataType dtype) throws CheckpointException {
        return LlavaNextModel.load(dir, device, dtype);
    }

    /** Visual tokens per image: the base image's (crops add more, by image size). */
    static ModelCard card(LlavaNextConfig cfg) {
        return new ModelCard(LlavaNextConfig.MODEL_TYPE, cfg.base().text().layers(), cfg.base().tokensPerImage(),
                SUPPLIES, ModelCard.VideoInput.NONE);
    }
}
