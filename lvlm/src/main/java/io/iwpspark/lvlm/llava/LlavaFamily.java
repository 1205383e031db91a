package io.iwpspark.lvlm.llava;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.ModelFamily;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import java.nio.file.Path;

/** LLaVA-1.5 (model_type "llava"): CLIP ViT, two-layer MLP projector, LLaMA or Mistral decoder. */
public final class LlavaFamily implements ModelFamily {
    public static final String MODEL_TYPE = "llava";

    @Override
    public String modelType() {
        return MODEL_TYPE;
    }

    @Override
    public ModelCard describe(Path dir) throws CheckpointException {
        return card(ConfigReader.readLlava(dir));
    }

    @Override
    public Lvlm load(Path dir, Device device, DataType dtype) throws CheckpointException {
        return LlavaModel.load(dir, device, dtype);
    }

    static ModelCard card(LlavaConfig cfg) {
        return new ModelCard(MODEL_TYPE, cfg.text().layers(), cfg.tokensPerImage(), LlavaModel.SUPPLIES,
                ModelCard.VideoInput.FRAMES_AS_IMAGES);
    }
}
