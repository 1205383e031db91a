package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * that fits the clip only; and the same rows when several samples of a partition are prepared at once
 * and their configurations batched together (images with prompts of different lengths, a clip, rows
 * already done, a sample with corrupt media and one whose prompt is too long).
 */
class SampleEvaluatorBatchTest {
    private static final ShapesConfig CONFIG = ShapesConfig.defaults(3).withSize(168, 168);
    private static final Set<String> TIMES = Set.of(Predictions.PREFILL_MS, Predictions.DECODE_MS,
            Predictions.SELECTION_MS);

    @Test
    void rowsEqualTheOneByOneRowsButForTheirMilliseconds() throws Exception {
        List<PruningConfig> configs = configs();
        List<Pruner> pruners = configs.stream().map(c -> c.pruner(PrunerRegistry.load())).toList();
        GenerationOptions options = GenerationOptions.defaults().withMaxNewTokens(4);
        try (LlavaModel model = LlavaModel.load(Path.of("../models/tiny-llava-shapes"), Device.cpu(), DataType.FLOAT32)) {
            for (Sample sample : List.of(new ShapesVqa(CONFIG).sample(1), new ShapesVideo(CONFIG).sample(0))) {
                List<Row> alone = new SampleEvaluator(model, BenchmarkRegistry.load(), configs, pruners, options,
                        new VisualSettings(2, true), 7, 1).evaluate(sample, Set.of());
                for (int batch : new int[] {5, 32}) {
                    List<Row> together = new SampleEvaluator(model, BenchmarkRegistry.load(), configs, pruners, options,
                            new VisualSettings(2, true), 7, batch).evaluate(sample, Set.of());
                    sameRows(sample.id() + ", batch " + batch, alone, together);
                }
                assertNull(alone.get(0).getAs(Predictions.SCHEMA.fieldIndex(Predictions.ERROR)), sample.id());
            }
        }
    }

    @Test
    void samplesPreparedTogetherGiveTheirRowsAlone() throws Exception {
        List<PruningConfig> configs = configs();
        List<Pruner> pruners = configs.stream().map(c -> c.pruner(PrunerRegistry.load())).toList();
        GenerationOptions options = GenerationOptions.defaults().withMaxNewTokens(4);
        Sample image = new ShapesVqa(CONFIG).sample(1);
        Sample other = new ShapesVqa(CONFIG).sample(4);
        Sample corrupt = withMedia(image, "corrupt", List.of(new byte[] {1, 2, 3}), image.question());
        Sample tooLong = withMedia(other, "too-long", other.media(), "Is it red? ".repeat(200));
        List<Sample> samples = List.of(image, corrupt, new ShapesVideo(CONFIG).sample(0), tooLong, other);
        List<Set<String>> done = List.of(Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of(Predictions.TEXT_ONLY, configs.get(4).id())); // rows already written are skipped
        try (LlavaModel model = LlavaModel.load(Path.of("../models/tiny-llava-shapes"), Device.cpu(), DataType.FLOAT32)) {
            SampleEvaluator one = new SampleEvaluator(model, BenchmarkRegistry.load(), configs, pruners, options,
                    new VisualSettings(2, true), 7, 1);
            List<List<Row>> alone = new ArrayList<>();
            for (int k = 0; k < samples.size(); k++) {
                alone.add(one.evaluate(samples.get(k), done.get(k)));
            }
            assertTrue(error(alone.get(1).get(0)).startsWith("media or benchmark: "), error(alone.get(1).get(0)));
            assertTrue(error(alone.get(3).get(0)).startsWith("model: prompt of "), error(alone.get(3).get(0)));
            assertEquals(configs.size() + 2 - 2, alone.get(4).size(), "rows already done are not written again");
            for (int batch : new int[] {1, 7, 64}) {
                List<List<Row>> together = new SampleEvaluator(model, BenchmarkRegistry.load(), configs, pruners,
                        options, new VisualSettings(2, true), 7, batch).evaluateAll(samples, done);
                assertEquals(samples.size(), together.size());
                for (int k = 0; k < samples.size(); k++) {
                    sameRows(samples.get(k).id() + ", batch " + batch + " across samples", alone.get(k), together.get(k));
                }
            }
            for (int k : new int[] {0, 2, 4}) {
                assertNull(error(alone.get(k).get(0)), samples.get(k).id());
            }
        }
    }

    private static List<PruningConfig> configs() {
        PrunerRegistry registry = PrunerRegistry.load();
        List<PruningConfig> configs = new ArrayList<>();
        for (String m : List.of("iwp", "random", "fastv", "divprune", "pool")) {
            for (int b : new int[] {8, 48, 200}) {
                configs.add(PruningConfig.canonical(registry, m, b, Map.of()));
            }
        }
        return configs;
    }

    private static void sameRows(String where, List<Row> alone, List<Row> together) {
        assertEquals(alone.size(), together.size(), where + ": rows");
        for (int r = 0; r < alone.size(); r++) {
            for (String f : Predictions.SCHEMA.fieldNames()) {
                if (!TIMES.contains(f)) {
                    int i = Predictions.SCHEMA.fieldIndex(f);
                    assertEquals(String.valueOf(alone.get(r).get(i)), String.valueOf(together.get(r).get(i)),
                            where + ", row " + r + ", column " + f);
                }
            }
        }
    }

    private static String error(Row r) {
        return r.getAs(Predictions.SCHEMA.fieldIndex(Predictions.ERROR));
    }

    private static Sample withMedia(Sample s, String id, List<byte[]> media, String question) {
        return new Sample(id, s.benchmark(), s.split(), s.category(), s.mediaKind(), media, question, s.options(),
                s.answers(), s.answerType(), s.metadata(), null);
    }
}
