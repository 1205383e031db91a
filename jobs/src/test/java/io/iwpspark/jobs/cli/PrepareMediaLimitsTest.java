package io.iwpspark.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.prepare.BenchmarkFolders;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep's media limits reach the video readers on the executors: with a limit lowered in the YAML
 * (or by --set), a video sample that the defaults admit (BenchmarkFolders' MVBench: 3 ok + 1 error)
 * becomes an error row naming the key. The test videos are 64 x 48 (3072 pixels); 8 frames are sampled.
 */
class PrepareMediaLimitsTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("PrepareMediaLimitsTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Prepares MVBench into {@code samples-<name>} with {@code media}; returns the error texts of the rows. */
    private static List<String> errors(Path dir, String name, String media, String... set) throws Exception {
        Path config = CliRun.yaml(dir, "  - {benchmark: mvbench, path: " + dir.resolve("MVBench") + "}\n",
                "video_frames: 8\n" + media);
        List<String> args = new java.util.ArrayList<>(List.of("prepare", "--config", config.toString(), "--set",
                "samples=" + dir.resolve("samples-" + name)));
        for (String kv : set) {
            args.addAll(List.of("--set", kv));
        }
        CliRun.Result r = CliRun.iwp(spark, args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("prepare: mvbench: 4 rows = 0 ok + 4 error"), name + ":\n" + r.out());
        return SamplesTable.read(spark, dir.resolve("samples-" + name).toString()).filter(col(SampleRows.ERROR).isNotNull())
                .select(SampleRows.ERROR).collectAsList().stream().map(e -> e.getString(0)).filter(e -> !e.contains("gone.webm"))
                .toList();
    }

    @Test
    void eachLoweredLimitTurnsTheVideoSamplesIntoErrorRowsNamingIt(@TempDir Path dir) throws Exception {
        BenchmarkFolders.mvBench(dir.resolve("MVBench"));
        List<String> pixels = errors(dir, "pixels", "media: {max_pixels: 3071}\n");
        assertEquals(3, pixels.size());
        pixels.forEach(e -> assertTrue(e.contains("frame size 64x48 is outside the limit maxPixels=3071 (media.max_pixels)"), e));

        List<String> frames = errors(dir, "frames", "", "media.max_frames=4");
        assertEquals(3, frames.size());
        frames.forEach(e -> assertTrue(e.contains("keeps 8 of its") && e.contains("over the limit maxSampled=4 (media.max_frames)"), e));

        List<String> bytes = errors(dir, "bytes", "media:\n  max_bytes: 64\n");
        assertEquals(3, bytes.size());
        bytes.forEach(e -> assertTrue(e.contains("sampled frame 0: image bytes:") && e.contains("exceed the limit of 64 (media.max_bytes)"), e));
    }
}
