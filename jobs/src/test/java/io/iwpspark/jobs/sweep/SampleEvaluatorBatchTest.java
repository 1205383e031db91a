package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesVideo;
import io.iwpspark.datasets.synthetic.ShapesVqa;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.VisualSettings;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The sweep's rows with batch_size 1 (each configuration alone) and above: every column but the
 * milliseconds equal (predictions, scores, tokens, FLOPs, KV bytes, dual-weight errors), on the
 * trained tiny model, an image and a pooled clip, with FastV pruning inside the decoder and a budget
 * that fits the clip only.
 */
class SampleEvaluatorBatchTest {
    private static final ShapesConfig CONFIG = ShapesConfig.defaults(3).withSize(168, 168);
    private static final Set<String> TIMES = Set.of(Predictions.PREFILL_MS, Predictions.DECODE_MS,
            Predictions.SELECTION_MS);

    @Test
    void rowsEqualTheOneByOneRowsButForTheirMilliseconds() throws Exception {
        PrunerRegistry registry = PrunerRegistry.load();
        List<PruningConfig> configs = new ArrayList<>();
        for (String m : List.of("iwp", "random", "fastv", "divprune", "pool")) {
            for (int b : new int[] {8, 48, 200}) {
                configs.add(PruningConfig.canonical(registry, m, b, Map.of()));
            }
        }
        List<Pruner> pruners = configs.stream().map(c -> c.pruner(registry)).toList();
        GenerationOptions options = GenerationOptions.defaults().withMaxNewTokens(4);
        try (LlavaModel model = LlavaModel.load(Path.of("../models/tiny-llava-shapes"), Device.cpu(), DataType.FLOAT32)) {
            for (Sample sample : List.of(new ShapesVqa(CONFIG).sample(1), new ShapesVideo(CONFIG).sample(0))) {
                List<Row> alone = new SampleEvaluator(model, BenchmarkRegistry.load(), configs, pruners, options,
                        new VisualSettings(2, true), 7, 1).evaluate(sample, Set.of());
                for (int batch : new int[] {5, 32}) {
                    List<Row> together = new SampleEvaluator(model, BenchmarkRegistry.load(), configs, pruners, options,
                            new VisualSettings(2, true), 7, batch).evaluate(sample, Set.of());
                    assertEquals(alone.size(), together.size());
                    for (int r = 0; r < alone.size(); r++) {
                        for (String f : Predictions.SCHEMA.fieldNames()) {
                            if (!TIMES.contains(f)) {
                                int i = Predictions.SCHEMA.fieldIndex(f);
                                assertEquals(String.valueOf(alone.get(r).get(i)), String.valueOf(together.get(r).get(i)),
                                        sample.id() + ", batch " + batch + ", row " + r + ", column " + f);
                            }
                        }
                    }
                }
                assertNull(alone.get(0).getAs(Predictions.SCHEMA.fieldIndex(Predictions.ERROR)), sample.id());
            }
        }
    }
}
