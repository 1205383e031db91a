package io.iwpspark.jobs.sweep;

import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.ModelFamilies;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PrunerRegistry;
import java.nio.file.Path;
import java.util.Set;

/**
 * Driver-side check, before Spark starts, that the model's family can serve every configured
 * pruner: a pruner needing an input the family cannot compute (CLS attention on a tower without a CLS
 * token) is refused here, naming the method, the model and the missing input, instead of failing
 * as error rows on the executors.
 */
final class ModelSupport {
    private ModelSupport() {}

    /** The model's card; a checkpoint whose config cannot be read or whose family is unknown is a configuration error. */
    static ModelCard card(Path model) {
        try {
            return ModelFamilies.describe(model);
        } catch (CheckpointException e) {
            throw new IllegalArgumentException("model: " + e.getMessage(), e);
        }
    }

    static void requireServed(SweepConfig c, PrunerRegistry registry) {
        Path model = Path.of(c.model());
        ModelCard card = card(model);
        for (PruningConfig p : c.configurations()) {
            Set<Need> missing = card.missing(p.pruner(registry).needs());
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("methods: " + p.method() + " needs " + missing + ", which the "
                        + card.family() + " model at " + model + " cannot supply");
            }
        }
    }
}
