package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.jobs.config.SweepConfigReader;
import io.iwpspark.jobs.schema.Predictions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sweep end to end through Spark on a tiny checkpoint of each model family (the parity fixtures,
 * 2-3 decoder layers), with every registered pruner whose stages fit such a decoder (VisionZip where the
 * tower has a CLS token); the layer-scheduled ones (PyramidDrop, SparseVLM) are refused before Spark
 * starts, naming the model's depth, and VisionZip on SigLIP naming the missing input.
 */
class FamilySweepTest {
    static final String METHODS = "[iwp, random, uniform, {name: fastv, k: 1}, divprune, {name: dart, k: 1}, "
            + "cdpruner, pool";
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("FamilySweepTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SweepConfig config(Path dir, String fixture, String benchmarks, String methods) throws Exception {
        return config(dir, fixture, benchmarks, methods, fixture.startsWith("tiny-llava-saved") ? 2 : 1);
    }

    private static SweepConfig config(Path dir, String fixture, String benchmarks, String methods, int poolStride)
            throws Exception {
        Path model = Path.of("../lvlm/src/test/resources/fixtures", fixture).toAbsolutePath().normalize();
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, "model: " + model + "\ndevice: cpu\nsamples: " + dir.resolve("samples") + "\noutput: "
                + dir.resolve("run") + "\nsynthetic: {vqa: 4, video: 2, seed: 3, image_size: 64}\nbenchmarks: "
                + benchmarks + "\nmethods: " + methods + "\nbudgets: [4]\nmax_new_tokens: 2\npool_stride: " + poolStride + "\n"
                + "wave_size: 8\nbootstrap: 20\n");
        return SweepConfigReader.read(file, dir);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "tiny-llava-saved; [shapes_vqa, shapes_video]; , visionzip]; 6",
        "tiny-llava-next-a; [shapes_vqa]; , visionzip]; 4",
        "tiny-llava-next-video; [shapes_vqa, shapes_video]; , visionzip]; 6",
        "tiny-onevision-a; [shapes_vqa, shapes_video]; ]; 6"})
    void everyFittingPrunerRunsOnTheFamily(String fixture, String benchmarks, String extra, int samples,
            @TempDir Path dir) throws Exception {
        SweepConfig c = config(dir, fixture, benchmarks, METHODS + extra);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepJob.prepareIfMissing(spark, c, new PrintStream(log));
        SweepSummary s = SweepJob.run(spark, c, new PrintStream(log));
        int configs = c.configurations().size();
        assertTrue(s.reconciled(), s.toString());
        assertEquals(samples * (configs + 2), s.rows(), fixture + ": every sample x (configurations + 2 references)");
        List<Row> rows = spark.read().parquet(dir.resolve("run/predictions").toString()).collectAsList();
        List<String> errors = rows.stream().filter(r -> r.getAs(Predictions.ERROR) != null)
                .map(r -> r.getAs(Predictions.METHOD) + ": " + r.getAs(Predictions.ERROR)).toList();
        assertEquals(List.of(), errors, fixture + ": no error rows");
        Set<String> methods = new TreeSet<>();
        for (Row r : rows) {
            methods.add(r.getAs(Predictions.METHOD));
            double flops = r.getAs(Predictions.PREFILL_FLOPS);
            assertTrue(flops > 0, fixture + ": FLOPs of " + r); // the text-only run still reads its text
        }
        assertEquals(configs + 2, methods.size(), fixture + ": " + methods);
    }

    @ParameterizedTest
    @CsvSource({"tiny-llava-saved, pdrop", "tiny-llava-saved, sparsevlm", "tiny-llava-next-a, pdrop",
        "tiny-onevision-a, sparsevlm"})
    void layerScheduledPrunersAreRefusedOnTwoLayers(String fixture, String method, @TempDir Path dir) throws Exception {
        SweepConfig c = config(dir, fixture, "[shapes_vqa]", "[" + method + "]");
        ConfigException e = assertThrows(ConfigException.class, () -> SweepJob.validate(c));
        assertTrue(e.getMessage().contains(method) && e.getMessage().contains("2-layer"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"tiny-onevision-a, llava_onevision", "tiny-llava-next-video, llava_next_video"})
    void poolStrideIsRefusedWhereTheModelPoolsItsOwnVideo(String fixture, String modelType, @TempDir Path dir)
            throws Exception {
        SweepConfig c = config(dir, fixture, "[shapes_video]", "[random]", 2);
        ConfigException e = assertThrows(ConfigException.class, () -> SweepJob.validate(c));
        assertTrue(e.getMessage().startsWith("pool_stride: 2 ") && e.getMessage().contains(modelType)
                && e.getMessage().endsWith("set pool_stride: 1"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void visionZipIsRefusedOnSiglipWhichHasNoClsToken(@TempDir Path dir) throws Exception {
        SweepConfig c = config(dir, "tiny-onevision-a", "[shapes_vqa]", "[random, visionzip]");
        ConfigException e = assertThrows(ConfigException.class, () -> SweepJob.validate(c));
        assertTrue(e.getMessage().startsWith("methods: visionzip needs [CLS_ATTENTION]")
                && e.getMessage().contains("llava_onevision model at") && e.getMessage().contains("tiny-onevision-a"),
                e.getMessage());
    }
}
