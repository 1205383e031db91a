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
import io.iwpspark.jobs.config.RuntimeSettings;
import io.iwpspark.jobs.config.VisualSettings;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.llava.LlavaModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** pool_stride pools the frames of a clip and leaves a still image's grid whole (the tiny model: 12 x 12 patches). */
class SampleEvaluatorPoolingTest {
    private static final ShapesConfig CONFIG = ShapesConfig.defaults(3).withSize(168, 168);

    @Test
    void poolStrideAppliesToClipsOnly() throws Exception {
        try (LlavaModel model = LlavaModel.load(Path.of("../models/tiny-llava-shapes"), Device.cpu(), DataType.FLOAT32)) {
            SampleEvaluator evaluator = new SampleEvaluator(model, BenchmarkRegistry.load(), List.of(), List.of(),
                    GenerationOptions.defaults().withMaxNewTokens(2), new VisualSettings(2, true), 7,
                    RuntimeSettings.DEFAULT_BATCH_SIZE);
            Sample image = new ShapesVqa(CONFIG).sample(0);
            Sample clip = new ShapesVideo(CONFIG).sample(0);
            assertEquals(144, visualTokens(evaluator, image), "a still image: 12 x 12 patches, not pooled");
            assertEquals(8 * 36, visualTokens(evaluator, clip), "a clip: 8 frames x (12 / 2)^2 pooled tokens");
        }
    }

    private static int visualTokens(SampleEvaluator evaluator, Sample sample) {
        List<Row> rows = evaluator.evaluate(sample, Set.of());
        assertEquals(2, rows.size(), sample.id() + ": the unpruned and the text-only reference");
        Row row = rows.get(0);
        assertNull(row.getAs(Predictions.SCHEMA.fieldIndex(Predictions.ERROR)), sample.id());
        for (Row r : rows) {
            double decode = ((Number) r.getAs(Predictions.SCHEMA.fieldIndex(Predictions.DECODE_FLOPS))).doubleValue();
            int generated = ((Number) r.getAs(Predictions.SCHEMA.fieldIndex(Predictions.GENERATED_TOKENS))).intValue();
            assertEquals(generated > 1, decode > 0, sample.id() + ": decode FLOPs " + decode + " for " + generated
                    + " generated tokens (the first comes from prefill)");
        }
        Row blind = rows.get(1);
        assertEquals(Predictions.TEXT_ONLY, blind.getAs(Predictions.SCHEMA.fieldIndex(Predictions.CONFIG_ID)));
        assertNull(blind.getAs(Predictions.SCHEMA.fieldIndex(Predictions.ERROR)), sample.id());
        assertEquals(0, ((Number) blind.getAs(Predictions.SCHEMA.fieldIndex(Predictions.BUDGET))).intValue());
        assertEquals(0.0, ((Number) blind.getAs(Predictions.SCHEMA.fieldIndex(Predictions.MEAN_VISUAL_TOKENS))).doubleValue(),
                "no visual token reaches the decoder");
        return ((Number) row.getAs(Predictions.SCHEMA.fieldIndex(Predictions.VISUAL_TOKENS_INPUT))).intValue();
    }
}
