package io.iwpspark.jobs.sweep;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The sweep's wave writes, two at a time, each on its own thread, in order: a wave's job is queued before the
 * next wave is planned. Spark's FIFO scheduler serves jobs by id, so without this the later wave, planned
 * faster, could take the cores first and hold back the wave the driver publishes next (seen here as the first
 * wave finishing with the second and the cores idle before the third). Adaptive execution is off while the
 * waves run: it would split a write with a shuffle into a job per stage, whose ids two waves interleave (the
 * sweep's waves read partitions already cut, with no shuffle of their own, and gain nothing from it).
 */
final class WaveWrites implements AutoCloseable {
    private static final String ADAPTIVE = "spark.sql.adaptive.enabled";

    private final SparkSession spark;
    private final SparkContext context;
    private final String adaptive; // the session's setting, restored on close
    private final String run = UUID.randomUUID().toString();
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "sweep-wave");
        t.setDaemon(true);
        return t;
    });

    WaveWrites(SparkSession spark) {
        this.spark = spark;
        this.context = spark.sparkContext();
        this.adaptive = spark.conf().get(ADAPTIVE);
        spark.conf().set(ADAPTIVE, "false");
    }

    /** Starts writing {@code rows} into {@code staged} (a new folder); returns once Spark has the wave's first job. */
    Future<?> submit(int wave, Dataset<Row> rows, String staged) {
        String group = group(wave);
        Future<?> write = pool.submit(() -> {
            context.setJobGroup(group, "iwp sweep wave " + wave, false);
            try {
                rows.write().mode(SaveMode.ErrorIfExists).parquet(staged);
            } finally {
                context.clearJobGroup();
            }
        });
        while (!write.isDone() && context.statusTracker().getJobIdsForGroup(group).length == 0) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while submitting wave " + wave, e);
            }
        }
        return write;
    }

    /** The Spark job group of {@code wave}'s jobs. */
    String group(int wave) {
        return "iwp-sweep-" + run + "-wave-" + wave;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        spark.conf().set(ADAPTIVE, adaptive);
    }
}
