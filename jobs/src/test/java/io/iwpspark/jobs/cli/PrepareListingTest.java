package io.iwpspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.prepare.BenchmarkFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iwp prepare --list} reads headers only: no Spark job runs while it lists (so no executor
 * decodes anything), and a video whose body is cut off still lists as a file, where {@code iwp prepare}
 * makes its question an error row.
 */
class PrepareListingTest {
    private static final String HEADERS = " (from file headers; iwp prepare reads them into ok + error rows)";
    private static SparkSession spark;
    private static final AtomicInteger JOBS = new AtomicInteger();

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("PrepareListingTest");
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart job) {
                JOBS.incrementAndGet();
            }
        });
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Keeps the first 2 KB of a video: the container's header is there, its frames are not. */
    private static void cutBody(Path video) throws Exception {
        byte[] all = Files.readAllBytes(video);
        Files.write(video, Arrays.copyOf(all, 2048));
    }

    private static int jobsDuring(CliRun.Result[] holder, String... args) throws Exception {
        spark.sparkContext().listenerBus().waitUntilEmpty();
        int before = JOBS.get();
        holder[0] = CliRun.iwp(spark, args);
        spark.sparkContext().listenerBus().waitUntilEmpty();
        return JOBS.get() - before;
    }

    @Test
    void corruptVideosListFromHeadersWithoutASparkJobWhilePrepareMakesThemErrorRows(@TempDir Path dir) throws Exception {
        BenchmarkFolders.mvBench(dir.resolve("MVBench"));
        BenchmarkFolders.videoMme(spark, dir.resolve("Video-MME"));
        BenchmarkFolders.lmmsLabPope(spark, dir.resolve("POPE"));
        cutBody(dir.resolve("MVBench/video/star/Charades_segment/s1.mp4"));
        cutBody(dir.resolve("Video-MME/data/vidA.mp4"));
        Path config = CliRun.yaml(dir, "  - {benchmark: mvbench, path: " + dir.resolve("MVBench") + "}\n"
                + "  - {benchmark: videomme, path: " + dir.resolve("Video-MME") + "}\n"
                + "  - {benchmark: pope, path: " + dir.resolve("POPE") + "}\n", "video_frames: 4\n");

        CliRun.Result[] list = new CliRun.Result[1];
        int jobs = jobsDuring(list, "prepare", "--list", "--config", config.toString());
        assertEquals(0, list[0].code(), list[0].err());
        String out = list[0].out();
        assertEquals(0, jobs, "--list ran Spark jobs:\n" + out);
        assertTrue(out.contains("sources[0] mvbench: " + dir.resolve("MVBench") + ", format mvbench (found from the files): 4 records"
                + HEADERS), out);
        assertTrue(out.contains("  task action_sequence: 2 questions"), out);
        assertTrue(out.contains("  video files under " + dir.resolve("MVBench/video") + ": 2"), out);
        assertTrue(out.contains("sources[1] videomme: " + dir.resolve("Video-MME") + ", format videomme (found from the files): 3 records"
                + HEADERS), out);
        assertTrue(out.contains("  videomme/test-00000-of-00001.parquet: 3 rows"), out);
        assertTrue(out.contains("  video files under " + dir.resolve("Video-MME/data") + ": 2"), out);
        assertTrue(out.contains("  data/test-00000-of-00002.parquet: 5 rows\n  data/test-00001-of-00002.parquet: 5 rows\n  split test\n"),
                out);
        assertFalse(Files.exists(dir.resolve("samples")), "--list writes nothing");

        // The same files read: the cut videos' questions are error rows naming the file.
        CliRun.Result[] prepared = new CliRun.Result[1];
        assertTrue(jobsDuring(prepared, "prepare", "--config", config.toString()) > 0, "the listener sees prepare's jobs");
        CliRun.Result prep = prepared[0];
        assertEquals(0, prep.code(), prep.err());
        assertTrue(prep.out().contains("prepare: mvbench: 4 rows = 1 ok + 3 error"), prep.out());
        assertTrue(prep.out().contains("prepare: videomme: 3 rows = 1 ok + 2 error"), prep.out());
        long namingTheCutFile = SamplesTable.read(spark, dir.resolve("samples").toString())
                .filter(org.apache.spark.sql.functions.col(SampleRows.ERROR).contains("s1.mp4")).count();
        assertEquals(2, namingTheCutFile, "both questions on the cut s1.mp4");
    }
}
