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
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random pruning before the decoder (layer 0): a uniform sample of B of the N visual tokens without
 * replacement (a partial Fisher-Yates shuffle). The generator is seeded from the sample's
 * {@link PruneInputs#seed()} mixed with the config's {@code seed}, so a sample keeps the same tokens
 * across runs and configurations with the same seed. There is no official repository; this is the
 * usual random baseline of the token-pruning literature.
 */
public final class RandomPruner implements Pruner {
    public static final String NAME = "random";

    /** @param seed added to the sample's seed (a different draw per config when varied) */
    public record Config(int seed) {}

    private final Config config;

    public RandomPruner(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of();
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        return List.of(new Stage(0, budget));
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        inputs.requireAll(NAME, needs());
        int n = inputs.numVisual();
        Picks.requireStage(NAME, stage, n);
        // golden-ratio multiplier: seeds s and s + 1 with config seeds 1 and 0 must not coincide
        long mixed = inputs.seed() * 0x9E3779B97F4A7C15L + config.seed();
        SplittableRandom rng = new SplittableRandom(mixed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int k = stage.keep();
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Selection.of(java.util.Arrays.copyOf(perm, k), Map.of());
    }

    /** Parameters: seed (integer, default 0). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec SEED = ParamSpec.integer("seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE,
                "mixed into every sample's seed; another value draws another subset");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("Random",
                    "before the decoder (layer 0)",
                    "A uniform sample of B of the N visual tokens without replacement. The generator is seeded from "
                            + "the sample's seed mixed with the seed parameter, so a sample keeps the same tokens across runs.",
                    "none (the usual random floor of the token-pruning literature)",
                    List.of(SEED));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new RandomPruner(new Config(params.getInt(SEED)));
        }
    }
}
