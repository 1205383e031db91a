package io.iwpspark.lvlm.llava;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.ModelFamily;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.ExpectedWeights;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.llama.LlamaWeights;
import io.iwpspark.lvlm.vision.TowerWeights;
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
    public ExpectedWeights expectedWeights(Path dir) throws CheckpointException {
        return expected(ConfigReader.readLlava(dir)).build();
    }

    /** CLIP up to the deepest feature layer, projector, decoder: what {@link LlavaModel#load} reads (NeXT adds image_newline). */
    public static ExpectedWeights.Builder expected(LlavaConfig cfg) {
        ExpectedWeights.Builder b = ExpectedWeights.builder();
        TowerWeights.clip(b, cfg.vision(), cfg.visionLayersToRun());
        Projector.expect(b, cfg.projectorInput(), cfg.text().hidden(), cfg.projectorBias());
        LlamaWeights.expect(b, cfg.text());
        return b;
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
