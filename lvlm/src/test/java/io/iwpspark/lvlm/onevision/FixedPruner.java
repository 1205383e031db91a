package io.iwpspark.lvlm.onevision;

import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keeps fixed visual indices before decoder layer 0: the pruned references' selection. */
record FixedPruner(int[] kept) implements Pruner {
    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public Set<Need> needs() {
        return Set.of();
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        return List.of(new Stage(0, kept.length));
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        return Selection.of(kept, Map.of());
    }
}
