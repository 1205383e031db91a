package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.schema.Predictions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iwp sweep} in its own JVM, killed (halted as by kill -9, through the {@code iwp.fault} hook)
 * at three points: during prepare (samples written, not yet published), inside a wave (its output
 * written, not yet published; the next wave may be running) and between waves (wave 1 published).
 * Each rerun evaluates exactly the samples not finished, says so, and its table equals an
 * uninterrupted run's.
 */
class KillResumeTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("KillResumeTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Runs the CLI on {@code dir}'s sweep; returns exit status and log. */
    private static Result sweep(Path dir, String fault) throws IOException, InterruptedException {
        Path yaml = dir.resolve("sweep.yaml");
        if (!Files.exists(yaml)) {
            Files.createDirectories(dir);
            Files.writeString(yaml, "model: " + SweepJobTest.MODEL + "\ndevice: cpu\nsamples: " + dir.resolve("samples")
                    + "\nsynthetic: {vqa: 12, image_size: 64, seed: 4}\nmethods: [random]\nbudgets: [4]\n"
                    + "max_new_tokens: 2\nwave_size: 4\npartitions: 2\noutput: " + dir.resolve("run") + "\n");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", "-Xmx1g"));
        if (fault != null) {
            cmd.add("-Diwp.fault=" + fault);
        }
        cmd.addAll(List.of("io.iwpspark.jobs.cli.Main", "sweep", "--config", yaml.toString(), "--master", "local[2]"));
        Path log = dir.resolve(fault == null ? "rerun.log" : "killed.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "sweep did not end");
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    record Result(int status, String log) {
        String sweepLines() {
            return String.join("\n", log.lines().filter(l -> l.startsWith("sweep") || l.startsWith("prepare")).toList());
        }
    }

    private static List<String> contents(Path dir) {
        List<String> out = new ArrayList<>();
        for (Row r : spark.read().parquet(dir.resolve("run/predictions").toString()).collectAsList()) {
            out.add(r.getAs(Predictions.SAMPLE_ID) + " " + r.getAs(Predictions.CONFIG_ID) + " "
                    + r.getAs(Predictions.PREDICTION) + " " + r.getAs(Predictions.ERROR));
        }
        out.sort(null);
        return out;
    }

    private static long finishedSamples(Path dir) {
        Path p = dir.resolve("run/predictions");
        return Files.exists(p) ? spark.read().parquet(p.toString()).select(Predictions.SAMPLE_ID).distinct().count() : 0;
    }

    @Test
    void killedAtThreePointsTheRerunFinishesExactlyTheRest(@TempDir Path dir) throws Exception {
        Result ref = sweep(dir.resolve("uninterrupted"), null);
        assertEquals(0, ref.status(), ref.log());
        List<String> expected = contents(dir.resolve("uninterrupted"));
        assertEquals(12 * 3, expected.size(), "12 samples x (random + unpruned + text-only)");

        Path prepare = dir.resolve("prepare");
        assertEquals(137, sweep(prepare, "samples:before-publish").status());
        assertFalse(Files.exists(prepare.resolve("samples")), "a killed prepare leaves no samples table");
        Result r = sweep(prepare, null);
        assertEquals(0, r.status(), r.log());
        assertTrue(r.log().contains("prepare: removed 1 staging folder(s) a killed prepare left"), r.sweepLines());
        assertTrue(r.log().contains("12 samples evaluated now"), r.sweepLines());
        assertEquals(expected, contents(prepare));

        for (String point : List.of("wave-2:before-publish", "wave-1:published")) {
            Path d = dir.resolve(point.replace(':', '-'));
            assertEquals(137, sweep(d, point).status());
            long finished = finishedSamples(d);
            assertTrue(finished > 0 && finished < 12, point + ": " + finished + " samples finished before the kill");
            r = sweep(d, null);
            assertEquals(0, r.status(), r.log());
            assertTrue(r.log().contains("12 samples in scope, " + (12 - finished) + " to evaluate"), r.sweepLines());
            assertTrue(r.log().contains((12 - finished) + " samples evaluated now"), r.sweepLines());
            assertTrue(r.log().contains("(reconciled)"), r.sweepLines());
            // killed before publishing: that wave's staging folder, and the next one's if it had started;
            // killed after: at most the next wave's, submitted while this one was published
            boolean removed = r.log().contains("removed 1 wave staging folder(s)")
                    || r.log().contains("removed 2 wave staging folder(s)");
            assertTrue(point.endsWith("before-publish") ? removed : !r.log().contains("removed 2 wave staging"),
                    r.sweepLines());
            assertEquals(expected, contents(d), point);
        }
    }
}
