package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.StageReport;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.baselines.DyCokePruner;
import io.iwpspark.lvlm.bench.RandomCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pruner on the class path (ServiceLoader), with its default parameters, runs through the hook
 * on one shared prefix of a random 8-layer model: its stages are served, its token counts per layer follow its plan, and a
 * stage ends with the tokens it promised.
 */
class RegisteredPrunersTest {
    @TempDir
    Path tmp;

    @Test
    void everyRegisteredPrunerRunsThroughTheHook() throws IOException {
        // Random weights, 8 decoder layers (multi-stage schedules need depth), GQA, 16 visual tokens.
        String fixture = "tiny-llava-gqa";
        RandomCheckpoint.write(tmp, new RandomCheckpoint.Sizes(8, 64, 128, 4, 2, 152, 2, 32, 64, 56, 14),
                Fixtures.dir(fixture).resolve("tokenizer.json"));
        PrunerRegistry registry = PrunerRegistry.load();
        assertFalse(registry.factories().isEmpty(), "no pruner registered");
        int[] ids = Fixtures.ints(Fixtures.reference(fixture).get("prompts").get(0).get("input_ids_unexpanded"));
        try (LlavaModel model = LlavaModel.load(tmp);
                PreparedSample s = model.prepare(Fixtures.tensor(fixture, "p0.pixel_values"), 1, ids, PrepareOptions.defaults())) {
            int layers = model.config().text().layers();
            for (String name : registry.factories().keySet()) {
                Pruner p = TestPruners.registered(registry, name, layers);
                if (name.equals(DyCokePruner.NAME)) { // frames of 196 tokens only: one image is refused
                    assertThrows(IllegalArgumentException.class, () -> model.generate(s, p, 8, GenerationOptions.defaults()));
                    continue;
                }
                Generation g = model.generate(s, p, 8, GenerationOptions.defaults().withMaxNewTokens(3));
                assertEquals(name, g.pruner());
                assertTrue(g.ids().length >= 1, name);
                assertFalse(g.stages().isEmpty(), name + " ran no stage");
                for (StageReport r : g.stages()) {
                    assertTrue(r.layer() < layers, name + " stage layer " + r.layer());
                    int at = g.visualTokensPerLayer()[r.layer()];
                    assertEquals(r.after(), at, name + ": visual tokens entering layer " + r.layer());
                    assertTrue(r.dualErrorExp() >= 0 && r.dualErrorExp() <= 1.000001, name + " exp error " + r.dualErrorExp());
                }
                assertTrue(g.prefillFlops() > 0 && g.visionFlops() > 0, name);
            }
        }
    }
}
