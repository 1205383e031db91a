package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.Images;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesVqa;
import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.config.MethodGrid;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep end to end on a tiny random LLaVA checkpoint, in local Spark. */
class SweepJobTest {
    static final Path MODEL = Path.of("../lvlm/src/test/resources/fixtures/tiny-llava-mha").toAbsolutePath().normalize();
    private static SparkSession spark;
    private static List<Sample> samples;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("SweepJobTest");
        ShapesVqa shapes = new ShapesVqa(ShapesConfig.defaults(11).withSize(64, 64));
        samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            samples.add(shapes.sample(i));
        }
        Sample good = samples.get(0);
        samples.add(new Sample("corrupt-1", good.benchmark(), good.split(), good.category(), MediaKind.IMAGE,
                List.of("not a png".getBytes()), good.question(), good.options(), good.answers(), good.answerType(),
                Map.of(), null));
        samples.add(new Sample("questions.jsonl:3", good.benchmark(), good.split(), "", MediaKind.NONE, List.of(),
                "", List.of(), List.of(), good.answerType(), Map.of(), "questions.jsonl line 3: missing field \"text\""));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SweepConfig config(Path dir, List<Integer> budgets) {
        return config(dir, budgets, 2, 3);
    }

    private static SweepConfig config(Path dir, List<Integer> budgets, int partitions, int waveSize) {
        return new SweepConfig(MODEL.toString(), "cpu", "f32", dir.resolve("samples").toString(), null, List.of(), 0,
                List.of(new MethodGrid("iwp", Map.of("lambda", List.of("0.5"))), new MethodGrid("random", Map.of())),
                budgets, 2, false, false, 1, partitions, waveSize, dir.resolve("run").toString(), 50, 3);
    }

    /** The canonical id of a configuration (defaults filled in), as the sweep writes it. */
    static String id(String method, int budget, Map<String, String> params) {
        return io.iwpspark.jobs.config.PruningConfig.canonical(io.iwpspark.pruning.PrunerRegistry.load(), method, budget,
                params).id();
    }

    private static Map<String, List<Row>> byConfig(Path dir) {
        return spark.read().parquet(dir.resolve("run/predictions").toString()).collectAsList().stream()
                .collect(Collectors.groupingBy(r -> r.getAs(Predictions.CONFIG_ID)));
    }

    @Test
    void everyPairGetsOneRowErrorsNamedAndReRunsResume(@TempDir Path dir) throws Exception {
        SamplesTable.write(SamplesTable.fromSamples(spark, samples), dir.resolve("samples").toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepSummary first = SweepJob.run(spark, config(dir, List.of(4, 8, 16)), new PrintStream(log));
        assertTrue(first.reconciled(), first.toString());
        assertEquals(7 * 8, first.rows(), "7 samples x (6 configurations + unpruned + text-only)");
        assertEquals(7, first.evaluatedNow());
        assertTrue(log.toString().contains("sweep: wave 3/3 done"), log.toString());
        assertEquals(1, ModelCache.loaded(), "one model per JVM, shared by the partitions");

        Map<String, List<Row>> rows = byConfig(dir);
        Row corrupt = rows.get(id("random", 4, Map.of())).stream().filter(r -> r.getAs(Predictions.SAMPLE_ID).equals("corrupt-1"))
                .findFirst().orElseThrow();
        assertTrue(((String) corrupt.getAs(Predictions.ERROR)).startsWith(
                "sample: record corrupt-1: field media[0]: image bytes: no image format recognised"), corrupt.toString());
        Row missing = rows.get(Predictions.UNPRUNED).stream()
                .filter(r -> r.getAs(Predictions.SAMPLE_ID).equals("questions.jsonl:3")).findFirst().orElseThrow();
        assertEquals("sample: questions.jsonl line 3: missing field \"text\"", missing.getAs(Predictions.ERROR));
        Row ok = rows.get(id("iwp", 4, Map.of("lambda", "0.5"))).stream().filter(r -> r.getAs(Predictions.SAMPLE_ID).equals(samples.get(0).id()))
                .findFirst().orElseThrow();
        assertNull(ok.getAs(Predictions.ERROR));
        assertEquals(List.of(4, 4), ok.getList(ok.fieldIndex(Predictions.TOKENS_PER_LAYER)));
        double dwe = ok.getAs(Predictions.DUAL_ERROR_EXP);
        assertTrue(dwe > 0 && dwe < 1, "dual-weight error of 4 of 16 tokens: " + dwe);

        SweepSummary again = SweepJob.run(spark, config(dir, List.of(4, 8, 16)), new PrintStream(log));
        assertEquals(0, again.evaluatedNow(), "a finished sweep re-runs nothing");
        assertEquals(first.rows(), again.rows());

        SweepSummary wider = SweepJob.run(spark, config(dir, List.of(4, 8, 16, 12)), new PrintStream(log));
        assertTrue(wider.reconciled(), wider.toString());
        assertEquals(7 * 10, wider.rows(), "only the two new configurations were added");
        assertEquals(7, byConfig(dir).get(id("random", 12, Map.of())).size());
    }

    /**
     * The waves share one shuffle: the plan's map stage runs once, before the first wave's tasks, and no wave's job
     * runs a map stage of its own (which would wait for every core, the previous wave's included).
     */
    @Test
    void wavesRunNoShuffleOfTheirOwn(@TempDir Path dir) throws Exception {
        SamplesTable.write(SamplesTable.fromSamples(spark, samples), dir.resolve("samples").toString());
        List<String> waveStages = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> mapStages = java.util.Collections.synchronizedList(new ArrayList<>());
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted e) {
                String group = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
                String stage = e.stageInfo().stageId() + " " + e.stageInfo().name();
                if (e.stageInfo().shuffleDepId().isDefined()) {
                    mapStages.add(stage);
                }
                if (group != null && group.startsWith("iwp-sweep-")) {
                    waveStages.add((e.stageInfo().shuffleDepId().isDefined() ? "map " : "result ") + stage);
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            SweepSummary s = SweepJob.run(spark, config(dir, List.of(4)), new PrintStream(new ByteArrayOutputStream()));
            assertTrue(s.reconciled(), s.toString());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        assertEquals(3, waveStages.size(), "7 samples in waves of 3: three waves, one stage each: " + waveStages);
        assertTrue(waveStages.stream().allMatch(x -> x.startsWith("result ")), "no wave runs a map stage: " + waveStages);
        assertEquals(1, mapStages.stream().filter(x -> x.contains("mapToPair")).count(),
                "the plan's shuffle runs once: " + mapStages);
    }

    /**
     * One partition of the seven samples preparing three at a time (groups of 3, 3, 1; a corrupt one and an
     * error row among them) writes the rows of one sample at a time, every column but the milliseconds.
     */
    @Test
    void samplesPreparedTogetherWriteTheSameRows(@TempDir Path dir) throws Exception {
        SamplesTable.write(SamplesTable.fromSamples(spark, samples), dir.resolve("samples").toString());
        SamplesTable.write(SamplesTable.fromSamples(spark, samples), dir.resolve("grouped/samples").toString());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        SweepJob.run(spark, config(dir, List.of(4, 8), 1, 7).withBatchSize(1), quiet);
        SweepSummary grouped = SweepJob.run(spark, config(dir.resolve("grouped"), List.of(4, 8), 1, 7).withBatchSize(64)
                .withSamplesPerBatch(3), quiet);
        assertTrue(grouped.reconciled(), grouped.toString());
        assertEquals(7, grouped.evaluatedNow());
        assertEquals(withoutTimes(dir), withoutTimes(dir.resolve("grouped")));
    }

    /** Every row as text, the milliseconds left out, sorted. */
    /**
     * The warm-up's synthetic samples run on the driver's JVM beside the sweep (the preload thread, while the
     * driver prepares; a sample in progress when the waves start finishes inside the first wave): the rows are
     * those of a sweep without it, and the log says how many warm-up samples ran.
     */
    @Test
    void aWarmUpChangesNoRow(@TempDir Path dir) throws Exception {
        SamplesTable.write(SamplesTable.fromSamples(spark, samples), dir.resolve("cold/samples").toString());
        SamplesTable.write(SamplesTable.fromSamples(spark, samples), dir.resolve("warm/samples").toString());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        SweepJob.run(spark, config(dir.resolve("cold"), List.of(4, 8)).withWarmupSamples(0), quiet);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepSummary warm = SweepJob.run(spark, config(dir.resolve("warm"), List.of(4, 8)).withWarmupSamples(3),
                new PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(warm.reconciled(), warm.toString());
        assertEquals(withoutTimes(dir.resolve("cold")), withoutTimes(dir.resolve("warm")));
        assertTrue(log.toString(java.nio.charset.StandardCharsets.UTF_8)
                .matches("(?s).*the local model warmed up on [0-3] of 3 synthetic sample\\(s\\).*"), log.toString());
    }

    private static List<String> withoutTimes(Path dir) {
        List<String> out = new ArrayList<>();
        for (Row r : spark.read().parquet(dir.resolve("run/predictions").toString()).collectAsList()) {
            StringBuilder b = new StringBuilder();
            for (String f : Predictions.SCHEMA.fieldNames()) {
                if (!f.equals(Predictions.PREFILL_MS) && !f.equals(Predictions.DECODE_MS)
                        && !f.equals(Predictions.SELECTION_MS)) {
                    b.append(f).append('=').append((Object) r.getAs(f)).append(' ');
                }
            }
            out.add(b.toString());
        }
        out.sort(null);
        return out;
    }

    @Test
    void theSweepsUnprunedAnswerIsTheRuntimesAnswer(@TempDir Path dir) throws Exception {
        Sample s = samples.get(1);
        SamplesTable.write(SamplesTable.fromSamples(spark, List.of(s)), dir.resolve("samples").toString());
        SweepJob.run(spark, config(dir, List.of(4)), new PrintStream(new ByteArrayOutputStream()));
        Row unpruned = byConfig(dir).get(Predictions.UNPRUNED).get(0);
        String question = BenchmarkRegistry.load().get(s.benchmark()).prompt().render(s);
        try (LlavaModel m = LlavaModel.load(MODEL, Device.cpu(), DataType.FLOAT32);
                PreparedSample p = m.prepare(List.of(Images.decode(s.media().get(0))), question)) {
            String direct = m.generate(p, null, 0, GenerationOptions.defaults().withMaxNewTokens(2)).text();
            assertEquals(direct, unpruned.getAs(Predictions.PREDICTION));
        }
        assertEquals(16, (int) unpruned.getAs(Predictions.BUDGET), "the unpruned budget is every visual token");
    }

    @Test
    void anMllibParamGridIsASweep() {
        var t = new io.iwpspark.jobs.ml.PrunedLvlmTransformer().setModelPath(MODEL.toString()).setDevice("cpu")
                .setMaxNewTokens(2);
        org.apache.spark.ml.param.ParamMap[] grid = new org.apache.spark.ml.tuning.ParamGridBuilder()
                .addGrid(t.method(), scala.jdk.javaapi.CollectionConverters.asScala(List.of("iwp", "random")))
                .addGrid(t.budget(), new int[] {4, 8})
                .addGrid(t.lambda(), new double[] {0.25})
                .build();
        var input = SamplesTable.fromSamples(spark, samples.subList(0, 2));
        List<Row> rows = t.transformGrid(input, grid).collectAsList();
        assertEquals(2 * (4 + 2), rows.size(), "2 samples x (4 grid points + unpruned + text-only)");
        assertEquals(java.util.Set.of("unpruned", "text_only", id("iwp", 4, Map.of("lambda", "0.25")), id("iwp", 8, Map.of("lambda", "0.25")),
                id("random", 4, Map.of()), id("random", 8, Map.of())),
                rows.stream().map(r -> (String) r.getAs(Predictions.CONFIG_ID)).collect(Collectors.toSet()),
                "lambda belongs to iwp only");
        assertTrue(rows.stream().allMatch(r -> r.getAs(Predictions.ERROR) == null));

        List<Row> one = t.setMethod("random").setBudget(4).transform(input).collectAsList();
        assertEquals(2, one.size());
        assertTrue(one.stream().allMatch(r -> r.getAs(Predictions.CONFIG_ID).equals(id("random", 4, Map.of()))));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.setLambda(1.5));
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> t.setMethod("nope").transform(input));
        assertTrue(bad.getMessage().startsWith("unknown pruner name \"nope\""), bad.getMessage());

        // Every registered pruner's parameters are Params, derived from its own parameter list.
        java.util.Set<String> names = java.util.Arrays.stream(t.params()).map(org.apache.spark.ml.param.Param::name)
                .collect(Collectors.toSet());
        assertTrue(names.containsAll(java.util.Set.of("iwp_lambda", "iwp_kernel", "fastv_k", "cdpruner_negate", "budget")),
                names.toString());
        assertEquals(id("fastv", 4, Map.of("k", "1")), t.setMethod("fastv").setPrunerParam("fastv", "k", 1)
                .configuration(org.apache.spark.ml.param.ParamMap.empty()).id());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> t.setPrunerParam("fastv", "k", 0), "below fastv's own range");
        IllegalArgumentException unknown = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> t.prunerParam("fastv", "lambda"));
        assertTrue(unknown.getMessage().contains("fastv has [k]"), unknown.getMessage());
    }
}
