package io.iwpspark.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * iwp sweep through spark-submit on a real standalone cluster (a Master and two Workers, each its
 * own JVM, on loopback): the shaded jar is all the executors get beyond Spark, and the predictions
 * table comes out complete.
 */
class StandaloneSweepIT {
    private static final int SAMPLES = 12;

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
    void sweepSubmittedToTheClusterWritesEverySampleTimesEveryConfiguration() throws Exception {
        ClusterSweep sweep = new ClusterSweep(dir, SAMPLES, 6);
        long start = System.nanoTime();
        JvmProcess submit = sweep.submit(cluster);
        ClusterSweep.awaitEnd(submit, Duration.ofMinutes(8), start);

        String log = submit.log();
        long expected = (long) SAMPLES * ClusterSweep.CONFIGURATIONS_PLUS_REFERENCES;
        assertTrue(log.contains("sweep: 12 samples in scope, 12 to evaluate, 4 configurations + unpruned + text-only, 2 wave(s)"),
                "the sweep's plan line");
        assertTrue(log.contains(ClusterSweep.reconciledSummary(SAMPLES)),
                "the summary line says reconciled with every row ok");
        // Both workers ran executors for the application (each Worker logs the executors it launches).
        for (JvmProcess w : cluster.workers()) {
            assertTrue(w.log().contains("Asked to launch executor"), w.name() + " launched no executor");
        }

        ClusterSweep.Table t = sweep.read();
        assertEquals(expected, t.rows(), "predictions rows = samples x (configurations + 2 references)");
        assertEquals(expected, t.distinctPairs(), "one row per (sample, configuration)");
        assertEquals(SAMPLES, t.samples(), "samples in the table");
        assertEquals(ClusterSweep.CONFIGURATIONS_PLUS_REFERENCES, t.configurations(), "configurations in the table");
        assertEquals(0, t.errors(), "error rows");
    }
}
