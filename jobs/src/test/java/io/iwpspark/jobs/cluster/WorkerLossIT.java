package io.iwpspark.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node lost in the middle of a sweep: once the first wave's Parquet lands, one Worker and its
 * executor are killed (SIGKILL). Spark reschedules the lost tasks (and recomputes lost shuffle
 * output) on the surviving Worker, and the sweep still ends with every sample x configuration once.
 */
class WorkerLossIT {
    private static final int SAMPLES = 16;
    private static final int WAVE_SIZE = 4;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ClusterLogs LOGS = new ClusterLogs();
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        long start = System.nanoTime();
        cluster = StandaloneCluster.start(dir, Path.of(ClusterSweep.property("iwp.cluster.sparkClasspath")), 2);
        LOGS.watch(cluster);
        System.out.printf("standalone cluster (Master + 2 Workers) up after %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sweepSurvivesTheLossOfAWorkerAfterItsFirstWave() throws Exception {
        ClusterSweep sweep = new ClusterSweep(dir, SAMPLES, WAVE_SIZE);
        long start = System.nanoTime();
        JvmProcess submit = sweep.submit(cluster);
        awaitFirstWave(sweep.predictions(), submit, Duration.ofMinutes(6));

        JvmProcess victim = cluster.workers().get(1);
        assertTrue(victim.log().contains("Asked to launch executor"), "the worker to kill runs no executor");
        assertTrue(submit.process().isAlive(), "the sweep ended before the worker could be killed");
        victim.kill();
        System.out.printf("killed %s and its executor after %.1f s%n", victim.name(), (System.nanoTime() - start) / 1e9);
        ClusterSweep.awaitEnd(submit, Duration.ofMinutes(8), start);

        String log = submit.log();
        assertTrue(log.contains("Lost executor"), "the driver noticed the lost executor");
        assertTrue(log.contains("4 configurations + unpruned + text-only, 4 wave(s)"), "the sweep ran in 4 waves");
        assertTrue(log.contains("sweep: wave 4/4 done"), "every wave completed");
        assertTrue(log.contains(ClusterSweep.reconciledSummary(SAMPLES)), "the summary line says reconciled");

        ClusterSweep.Table t = sweep.read();
        long expected = (long) SAMPLES * ClusterSweep.CONFIGURATIONS_PLUS_REFERENCES;
        assertEquals(expected, t.rows(), "predictions rows = samples x (configurations + 2 references)");
        assertEquals(expected, t.distinctPairs(), "one row per (sample, configuration): no wave written twice");
        assertEquals(SAMPLES, t.samples(), "samples in the table");
        assertEquals(0, t.errors(), "error rows");
    }

    /** Polls until the predictions folder holds a committed Parquet file (wave 1 is in). */
    private static void awaitFirstWave(Path predictions, JvmProcess submit, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(predictions)) {
                try (var files = Files.list(predictions)) {
                    if (files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"))) {
                        return;
                    }
                }
            }
            assertTrue(submit.process().isAlive(), "spark-submit ended before the first wave landed");
            Thread.sleep(100);
        }
        throw new AssertionError("no Parquet file in " + predictions + " within " + timeout);
    }
}
