package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The hook tells pruners where the visual block starts in the sequence (DART's pivots are absolute positions). */
class VisualStartTest {
    @Test
    void pruningInputsCarryTheVisualBlockStart() throws IOException, CheckpointException {
        AtomicInteger seen = new AtomicInteger(-1);
        Pruner probe = new Pruner() {
            public String name() {
                return "probe";
            }

            public Set<Need> needs() {
                return Set.of();
            }

            public List<Stage> plan(int numVisual, int budget, int numLayers) {
                return List.of(new Stage(1, 2));
            }

            public Selection select(PruneInputs inputs, Stage stage) {
                seen.set(inputs.visualStart());
                return Selection.of(new int[] {0, 1}, Map.of());
            }
        };
        try (LlavaModel model = LlavaModel.load(Fixtures.dir("tiny-llava-mha"));
                PreparedSample s = model.prepare(Media.image(ImageIO.read(
                        Fixtures.dir("tiny-llava-mha").resolve("reference/image0.png").toFile())), "what is it",
                        PrepareOptions.defaults())) {
            model.generate(s, probe, 2, GenerationOptions.defaults().withMaxNewTokens(1));
            assertEquals(s.layout().visualStart(), seen.get());
            assertEquals(3, seen.get(), "<s>, USER, : then the image");
        }
    }
}
