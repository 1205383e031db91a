package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesVideo;
import io.iwpspark.datasets.synthetic.ShapesVqa;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.RuntimeSettings;
import io.iwpspark.jobs.config.VisualSettings;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.pruning.PrunerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The shipped tiny model (models/tiny-llava-shapes) through the sweep's own per-sample path, on
 * the held-out ShapesVQA split its README reports (generator seed 13, 1000 samples, 168 px) and
 * on its held-out ShapesVideo clips (seed 17, 400 clips, frames pooled with stride 2):
 * our runtime's greedy answers must agree with the transformers answers committed beside the
 * model (tools/eval_tiny_model.py, same prompt) on at least 99% of the samples, every disagreement
 * must be a near tie for transformers, our accuracy must be the one the model's README reports
 * (heldout[-video]-report.json, within the disagreements), and random pruning (8 of 144 image
 * tokens, 16 of 288 clip tokens) must fall
 * clearly below it, so that trade-off curves have a shape.
 */
class TinyModelHeldOutTest {
    /** The shipped model; -Diwp.tinyModel=DIR checks another folder with the same files (a new training run). */
    static final Path MODEL = Path.of(System.getProperty("iwp.tinyModel", "../models/tiny-llava-shapes"));
    static final ShapesConfig HELD_OUT = ShapesConfig.defaults(13).withSize(168, 168);
    static final int SAMPLES = 1000;
    /** The held-out clips of the README: generator seed 17, 400 ShapesVideo clips of 8 frames, 168 px. */
    static final ShapesConfig HELD_OUT_CLIPS = ShapesConfig.defaults(17).withSize(168, 168);
    static final int CLIPS = 400;
    /** The pooling the model was trained with on clips: 8 frames x 6 x 6 = 288 visual tokens. */
    static final int CLIP_POOL_STRIDE = 2;
    /** A disagreement is excused only where transformers' top-2 logits of the first answer token are this close. */
    static final double NEAR_TIE = 0.05;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Reference(String prediction, double margin) {
    }

    @Test
    void javaRuntimeAgreesWithTransformersOnTheHeldOutSplit() throws Exception {
        List<Sample> samples = new ArrayList<>();
        new ShapesVqa(HELD_OUT).iterator(0, SAMPLES).forEachRemaining(samples::add);
        check("ShapesVQA", samples, "heldout", 1, 8);
    }

    @Test
    void javaRuntimeAgreesWithTransformersOnTheHeldOutClips() throws Exception {
        List<Sample> samples = new ArrayList<>();
        new ShapesVideo(HELD_OUT_CLIPS).iterator(0, CLIPS).forEachRemaining(samples::add);
        check("ShapesVideo", samples, "heldout-video", CLIP_POOL_STRIDE, 16);
    }

    /**
     * Runs the samples unpruned and with random pruning to {@code budget} tokens; compares with
     * {@code <name>-predictions.jsonl} and {@code <name>-report.json} beside the model.
     */
    private static void check(String label, List<Sample> samples, String name, int poolStride, int budget)
            throws Exception {
        Map<String, Reference> reference = readReference(MODEL.resolve(name + "-predictions.jsonl"));
        JsonNode report = JSON.readTree(MODEL.resolve(name + "-report.json").toFile());
        double reported = report.path("greedy_exact_match").path("all").asDouble(Double.NaN);
        assertEquals(samples.size(), reference.size(), "reference predictions in " + name + "-predictions.jsonl");
        PruningConfig random = new PruningConfig("random", budget, Map.of());
        Map<String, int[]> full = new TreeMap<>(); // family -> {correct, total}
        Map<String, int[]> pruned = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        double widestDisagreement = 0; // transformers' largest margin among the disagreements
        int agree = 0;
        try (LlavaModel model = LlavaModel.load(MODEL, Device.cpu(), DataType.FLOAT32)) {
            SampleEvaluator evaluator = new SampleEvaluator(model, BenchmarkRegistry.load(), List.of(random),
                    List.of(random.pruner(PrunerRegistry.load())), GenerationOptions.defaults().withMaxNewTokens(4),
                    new VisualSettings(poolStride, true), 7, RuntimeSettings.DEFAULT_BATCH_SIZE);
            for (Sample sample : samples) {
                // The unpruned run, random pruning; the text-only reference is not compared here.
                List<Row> rows = evaluator.evaluate(sample, Set.of(Predictions.TEXT_ONLY));
                assertEquals(2, rows.size(), sample.id());
                Row base = rows.get(0);
                assertNull(field(base, Predictions.ERROR), sample.id());
                String ours = SampleEvaluator.normalise(field(base, Predictions.PREDICTION));
                Reference ref = reference.get(sample.id());
                if (ref == null) {
                    throw new IllegalStateException(name + "-predictions.jsonl has no row for " + sample.id());
                }
                if (ours.equals(ref.prediction())) {
                    agree++;
                } else {
                    disagreements.add(sample.id() + ": ours \"" + ours + "\", transformers \"" + ref.prediction()
                            + "\" (margin " + ref.margin() + ")");
                    widestDisagreement = Math.max(widestDisagreement, ref.margin());
                }
                tally(full, sample.category(), field(base, Predictions.SCORE));
                tally(pruned, sample.category(), field(rows.get(1), Predictions.SCORE));
            }
        }
        int n = samples.size();
        double fullAll = overall(full);
        double prunedAll = overall(pruned);
        System.out.printf(Locale.ROOT, "tiny model, held-out %s: agreement %d/%d; accuracy %s all %.3f; "
                + "random-%d %s all %.3f%n", label, agree, n, rates(full), fullAll, budget, rates(pruned), prunedAll);
        assertTrue(agree >= 0.99 * n, agree + "/" + n + " answers agree with transformers: " + disagreements);
        assertTrue(widestDisagreement < NEAR_TIE, "disagreements where transformers is not near a tie: "
                + disagreements);
        assertEquals(reported, fullAll, (n - agree) / (double) n + 1e-9,
                "unpruned held-out accuracy against " + name + "-report.json's greedy_exact_match.all");
        assertTrue(prunedAll < fullAll - 0.15, "random pruning to " + budget + " tokens " + prunedAll + " vs unpruned "
                + fullAll + ": expected clearly lower");
    }

    static Map<String, Reference> readReference(Path jsonl) throws IOException {
        Map<String, Reference> out = new TreeMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = JSON.readTree(line);
            out.put(row.get("sample_id").asText(),
                    new Reference(SampleEvaluator.normalise(row.get("prediction").asText()), row.get("margin").asDouble()));
        }
        return out;
    }

    /** The evaluator's rows carry no schema of their own: fields by position in the predictions schema. */
    private static <T> T field(Row row, String name) {
        return row.getAs(Predictions.SCHEMA.fieldIndex(name));
    }

    private static void tally(Map<String, int[]> byFamily, String family, Double score) {
        int[] t = byFamily.computeIfAbsent(family, f -> new int[2]);
        t[0] += score != null && score > 0.5 ? 1 : 0;
        t[1]++;
    }

    private static double overall(Map<String, int[]> byFamily) {
        int hit = byFamily.values().stream().mapToInt(t -> t[0]).sum();
        int all = byFamily.values().stream().mapToInt(t -> t[1]).sum();
        return (double) hit / all;
    }

    private static String rates(Map<String, int[]> byFamily) {
        StringBuilder sb = new StringBuilder();
        byFamily.forEach((f, t) -> sb.append(String.format(Locale.ROOT, "%s %.3f ", f, (double) t[0] / t[1])));
        return sb.toString().trim();
    }
}
