package io.iwpspark.pruning.baselines;

import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.ParamSpec;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerDescription;
import io.iwpspark.pruning.PrunerFactory;
import io.iwpspark.pruning.PrunerParams;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import io.iwpspark.pruning.Tensors;
import java.util.List;
import java.util.Set;

/**
 * FastV (pkunlp-icler/FastV): the decoder runs every token through layers 0..K-1; before layer K the
 * visual tokens are ranked by the attention the last prompt token pays them in layer K-1, averaged over
 * heads, and the top B are kept (original position ids kept by the runtime). Ties go to the lower
 * index (the official torch.topk leaves them unspecified).
 */
public final class FastVPruner implements Pruner {
    public static final String NAME = "fastv";

    /** @param k the stage layer: prune after layer k-1, before layer k (official default 2) */
    public record Config(int k) {
        public Config {
            if (k < 1) {
                throw new IllegalArgumentException(NAME + " parameter k must be >= 1, found " + k);
            }
        }
    }

    private final Config config;

    public FastVPruner(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.LAST_TOKEN_ATTENTION);
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        Picks.requireLayer(NAME, "k", config.k(), numLayers);
        return List.of(new Stage(config.k(), budget));
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        inputs.requireAll(NAME, needs());
        return Picks.topByLastTokenAttention(NAME, inputs, stage);
    }

    /** Parameters: k (stage layer, default 2). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec K = ParamSpec.integer("k", 2, 1, 1024, "the decoder layer before which tokens are pruned");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("FastV",
                    "before decoder layer k (default 2)",
                    "Every token runs through layers 0..k-1; before layer k the visual tokens are ranked by the attention "
                            + "the last prompt token pays them in layer k-1 (mean over heads) and the top B are kept.",
                    "https://github.com/pkunlp-icler/FastV",
                    List.of(K));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new FastVPruner(new Config(params.getInt(K)));
        }
    }
}
