package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesVqa;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.RuntimeSettings;
import io.iwpspark.jobs.config.VisualSettings;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelFamilies;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.PrunerContractException;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A pruner that breaks its contract is a bug: the evaluation fails instead of writing error rows. */
class ContractViolationTest {
    @Test
    void aSelectionOfTheWrongSizeFailsTheRunNotTheSample() throws Exception {
        Pruner liar = new Pruner() {
            public String name() {
                return "liar";
            }

            public Set<Need> needs() {
                return Set.of();
            }

            public List<Stage> plan(int n, int budget, int layers) {
                return List.of(new Stage(0, budget));
            }

            public Selection select(PruneInputs in, Stage s) {
                return Selection.of(new int[] {0}, Map.of());
            }
        };
        PruningConfig config = PruningConfig.canonical(PrunerRegistry.load(), "random", 4, Map.of());
        try (Lvlm model = ModelFamilies.load(SweepJobTest.MODEL)) {
            SampleEvaluator evaluator = new SampleEvaluator(model, BenchmarkRegistry.load(), List.of(config), List.of(liar),
                    GenerationOptions.defaults().withMaxNewTokens(1), VisualSettings.DEFAULT, 7,
                    RuntimeSettings.DEFAULT_BATCH_SIZE);
            PrunerContractException e = assertThrows(PrunerContractException.class,
                    () -> evaluator.evaluate(new ShapesVqa(ShapesConfig.defaults(5).withSize(64, 64)).sample(0), Set.of()));
            assertTrue(e.getMessage().contains("liar stage at layer 0 must return 4 tokens"), e.getMessage());
        }
    }
}
