package io.iwpspark.jobs.sweep;

import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text-only reference as a pruner: before the decoder, keep none of the visual tokens. Not a
 * registered method (it has no budget); every sweep runs it once per sample as {@code text_only}.
 */
final class TextOnly {
    static final Pruner PRUNER = new Pruner() {
        @Override
        public String name() {
            return "text_only";
        }

        @Override
        public Set<Need> needs() {
            return Set.of();
        }

        @Override
        public List<Stage> plan(int numVisual, int budget, int numLayers) {
            return List.of(new Stage(0, 0));
        }

        @Override
        public Selection select(PruneInputs inputs, Stage stage) {
            return Selection.of(new int[0], Map.of());
        }
    };

    private TextOnly() {}
}
