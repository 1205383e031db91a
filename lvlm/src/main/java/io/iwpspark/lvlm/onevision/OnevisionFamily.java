package io.iwpspark.lvlm.onevision;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.ModelFamily;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ExpectedWeights;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.llama.LlamaWeights;
import io.iwpspark.lvlm.llava.Projector;
import io.iwpspark.lvlm.vision.TowerWeights;
import io.iwpspark.pruning.Need;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** LLaVA-OneVision (model_type "llava_onevision"): SigLIP tower, MLP projector, Qwen2 decoder; anyres_max_N images, pooled videos. */
public final class OnevisionFamily implements ModelFamily {
    /** Every pruner input but CLS attention: SigLIP has no CLS token. */
    static final Set<Need> SUPPLIES = EnumSet.complementOf(EnumSet.of(Need.CLS_ATTENTION));

    @Override
    public String modelType() {
        return OnevisionConfigReader.MODEL_TYPE;
    }

    @Override
    public ModelCard describe(Path dir) throws CheckpointException {
        return card(OnevisionConfigReader.read(dir));
    }

    /** SigLIP up to the deepest feature layer, projector, image_newline (D), Qwen2 decoder: what {@link OnevisionModel#load} reads. */
    @Override
    public ExpectedWeights expectedWeights(Path dir) throws CheckpointException {
        OnevisionConfig cfg = OnevisionConfigReader.read(dir);
        ExpectedWeights.Builder b = ExpectedWeights.builder();
        TowerWeights.siglip(b, cfg.vision(), Arrays.stream(cfg.resolvedFeatureLayers()).max().orElse(0));
        Projector.expect(b, cfg.projectorInput(), cfg.text().hidden(), cfg.projectorBias());
        b.tensor(WeightNames.IMAGE_NEWLINE, cfg.text().hidden());
        LlamaWeights.expect(b, cfg.text());
        return b.build();
    }

    @Override
    public Lvlm load(Path dir, Device device, DataType dtype) throws CheckpointException {
        return OnevisionModel.load(dir, device, dtype);
    }

    /** Visual tokens per image at the base resolution: the base crop's g x g patches (anyres adds crops and newlines). */
    static ModelCard card(OnevisionConfig cfg) {
        return new ModelCard(OnevisionConfigReader.MODEL_TYPE, cfg.text().layers(), cfg.grid() * cfg.grid(), SUPPLIES,
                ModelCard.VideoInput.NATIVE);
    }
}
