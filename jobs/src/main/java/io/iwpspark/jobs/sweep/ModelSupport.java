package io.iwpspark.jobs.sweep;

import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.ModelFamilies;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import java.nio.file.Path;
import java.util.Set;

/**
 * Driver-side check, before Spark starts, that the model's family can serve every configured
 * pruner: a pruner needing an input the family cannot compute (CLS attention on a tower without a CLS
 * token) is refused here, naming the method, the model and the missing input, instead of failing
 * as error rows on the executors; so is a configuration whose stages do not fit the decoder's depth.
 */
final class ModelSupport {
    private ModelSupport() {}

    /**
     * The model's card; a checkpoint whose config cannot be read, whose family is unknown, whose
     * weight files are missing, pickle only or carry a bad safetensors header, or whose tensors are not
     * those its config.json implies (missing, misshapen, of an unreadable dtype) is a configuration error,
     * found here on the driver instead of on every executor after Spark starts.
     */
    static ModelCard card(Path model) {
        try {
            ModelCard card = ModelFamilies.describe(model);
            // Every shard's header (names, dtypes, offsets within the file), then every tensor the config implies
            // against it: present, of its shape, of a dtype the loader reads. Headers only; no weight is read.
            ModelFamilies.checkWeights(model);
            return card;
        } catch (CheckpointException e) {
            throw new ConfigException("model: " + e.getMessage(), e);
        }
    }

    static void requireServed(SweepConfig c, PrunerRegistry registry) {
        Path model = Path.of(c.model());
        ModelCard card = card(model);
        if (c.poolStride() != 1 && card.video() != ModelCard.VideoInput.FRAMES_AS_IMAGES) {
            throw new ConfigException("pool_stride: " + c.poolStride() + " pools each clip frame's token grid for "
                    + "models that take frames as images (llava); the " + card.family() + " model at " + model
                    + (card.video() == ModelCard.VideoInput.NATIVE ? " pools its video frames itself, as transformers does"
                            : " takes no video") + "; set pool_stride: 1");
        }
        for (PruningConfig p : c.configurations()) {
            Pruner pruner = p.pruner(registry);
            Set<Need> missing = card.missing(pruner.needs());
            if (!missing.isEmpty()) {
                throw new ConfigException("methods: " + p.method() + " needs " + missing + ", which the "
                        + card.family() + " model at " + model + " cannot supply");
            }
            // Its stages must fit the decoder (FastV's K below the layer count ...): planned here once, with
            // enough visual tokens that only the decoder's depth can refuse it.
            try {
                pruner.plan(Math.max(card.visualTokensPerImage(), p.budget()), p.budget(), card.decoderLayers());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("methods: configuration " + p.id() + " cannot run on the "
                        + card.decoderLayers() + "-layer " + card.family() + " model at " + model + ": " + e.getMessage(), e);
            }
        }
    }
}
