package io.iwpspark.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
        cluster = StandaloneCluster.start(dir, Path.of(ClusterSweep.property("iwp.cluster.sparkClasspath")), 2);
        LOGS.watch(cluster);
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
        JvmProcess submit = sweep.submit(cluster);
        assertTrue(submit.process().waitFor(Duration.ofMinutes(8).toSeconds(), TimeUnit.SECONDS),
                "spark-submit did not finish within 8 minutes");
        assertEquals(0, submit.process().exitValue(), "spark-submit exit status");

        String log = submit.log();
        long expected = (long) SAMPLES * ClusterSweep.CONFIGURATIONS_PLUS_UNPRUNED;
        assertTrue(log.contains("sweep: 12 samples in scope, 12 to evaluate, 4 configurations + unpruned, 2 wave(s)"),
                "the sweep's plan line");
        assertTrue(log.contains("= " + expected + " expected rows; table has " + expected + " rows = " + expected
                + " ok + 0 error (reconciled)"), "the summary line says reconciled with every row ok");
        // Both workers ran executors for the application (each Worker logs the executors it launches).
        for (JvmProcess w : cluster.workers()) {
            assertTrue(w.log().contains("Asked to launch executor"), w.name() + " launched no executor");
        }

        ClusterSweep.Table t = sweep.read();
        assertEquals(expected, t.rows(), "predictions rows = samples x (configurations + 1)");
        assertEquals(expected, t.distinctPairs(), "one row per (sample, configuration)");
        assertEquals(SAMPLES, t.samples(), "samples in the table");
        assertEquals(ClusterSweep.CONFIGURATIONS_PLUS_UNPRUNED, t.configurations(), "configurations in the table");
        assertEquals(0, t.errors(), "error rows");
    }
}
