package io.iwpspark.pruning.iwp;

import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import io.iwpspark.pruning.Tensors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * IWP (arXiv 2604.00757) as this project derives it from the abstract: score the visual tokens'
 * rank-1 terms of the implicit weight at {@code config.layer()} (information magnitude and
 * duplication, {@link IwpScores}) and keep the subset PC-MMR picks ({@link PcMmr}).
 * Keys before or after RoPE: the runtime asks {@link #keysAfterRope()}, which answers the "rope" parameter.
 */
public final class IwpPruner implements Pruner {
    public static final String NAME = "iwp";

    private final IwpConfig config;

    public IwpPruner(IwpConfig config) {
        this.config = config;
    }

    public IwpConfig config() {
        return config;
    }

    @Override
    public Optional<Boolean> keysAfterRope() {
        return Optional.of(config.keysAfterRope());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.VISUAL_KV);
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        if (config.layer() >= numLayers) {
            throw new IllegalArgumentException(
                    "iwp layer must be < the decoder's " + numLayers + " layers, found " + config.layer());
        }
        return List.of(new Stage(config.layer(), budget));
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        inputs.requireAll(NAME, needs());
        Tensors.requireBudget(stage.keep(), inputs.numVisual());
        try (IwpScores scores = IwpScores.compute(inputs.keys(), inputs.values(), config.kernel())) {
            PcMmr.Result r = PcMmr.select(scores, stage.keep(), config);
            return Selection.of(r.order(), Map.of("rounds", (double) r.rounds(), "kernel_pairs", (double) r.kernelPairs()));
        }
    }
}
