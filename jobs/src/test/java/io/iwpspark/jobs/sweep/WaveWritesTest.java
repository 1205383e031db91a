package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.jobs.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wave writes reach Spark in submission order (every job of wave w has a smaller id than any of wave w + 1,
 * so FIFO serves them in that order), write what they are given, and leave the session's adaptive setting
 * as they found it.
 */
class WaveWritesTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("WaveWritesTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void wavesAreQueuedInOrderAndWritten() throws Exception {
        spark.conf().set("spark.sql.adaptive.enabled", "true");
        List<Future<?>> writes = new ArrayList<>();
        String[] staged = new String[4];
        List<String> groups = new ArrayList<>();
        try (WaveWrites w = new WaveWrites(spark)) {
            assertEquals("false", spark.conf().get("spark.sql.adaptive.enabled"), "adaptive execution off while waves run");
            for (int wave = 1; wave <= 4; wave++) {
                staged[wave - 1] = dir.resolve("wave-" + wave).toString();
                // a shuffle (which adaptive execution would split into two jobs), and rows wave * 10 .. wave * 10 + 9
                Dataset<Row> rows = spark.range(wave * 10L, wave * 10L + 10).toDF("id")
                        .withColumn("wave", functions.lit(wave)).repartition(2);
                writes.add(w.submit(wave, rows, staged[wave - 1]));
                groups.add(w.group(wave));
                if (writes.size() >= 2) {
                    writes.get(writes.size() - 2).get(); // two in flight, as the sweep
                }
            }
            for (Future<?> f : writes) {
                f.get();
            }
        }
        assertEquals("true", spark.conf().get("spark.sql.adaptive.enabled"), "the session's setting restored");
        int previousMax = -1;
        for (int wave = 1; wave <= 4; wave++) {
            int[] ids = spark.sparkContext().statusTracker().getJobIdsForGroup(groups.get(wave - 1));
            assertTrue(ids.length > 0, "wave " + wave + " ran a job");
            int min = Arrays.stream(ids).min().getAsInt();
            assertTrue(min > previousMax, "wave " + wave + "'s jobs " + Arrays.toString(ids)
                    + " come after the previous wave's (up to " + previousMax + ")");
            previousMax = Arrays.stream(ids).max().getAsInt();
            List<Row> written = spark.read().parquet(staged[wave - 1]).orderBy("id").collectAsList();
            assertEquals(10, written.size(), "wave " + wave + " rows");
            assertEquals(wave * 10L, written.get(0).getLong(0), "wave " + wave + " first id");
        }
    }
}
