package io.iwpspark.jobs.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.schema.Predictions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A small sweep as the cluster tests submit it: the tiny LLaVA test checkpoint, synthetic ShapesVQA
 * samples prepared on the cluster, 2 methods x budgets [4, 8] + unpruned + text-only = 6 rows per sample, 2 new
 * tokens, and the shipped conf/cluster-cpu.conf shrunk to 1-core executors of 768 MB.
 */
final class ClusterSweep {
    static final int CONFIGURATIONS_PLUS_REFERENCES = 2 * 2 + 2; // + unpruned + text-only

    final Path dir;
    final int samples;
    final int waveSize;

    ClusterSweep(Path dir, int samples, int waveSize) {
        this.dir = dir;
        this.samples = samples;
        this.waveSize = waveSize;
    }

    static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run the cluster ITs through "
                    + "Maven (mvn -pl jobs verify), whose failsafe configuration sets it");
        }
        return v;
    }

    Path predictions() {
        return dir.resolve("run/predictions");
    }

    /** Writes the sweep YAML; returns its path. */
    Path writeConfig() throws IOException {
        String yaml = String.join("\n",
                "model: " + Path.of(property("iwp.cluster.model")).toAbsolutePath().normalize(),
                "device: auto",
                "dtype: f32",
                "samples: " + dir.resolve("samples"),
                "synthetic: {vqa: " + samples + ", video: 0, seed: 20261125, image_size: 64}",
                "benchmarks: [shapes_vqa]",
                "limit: 0",
                "methods: [random, divprune]",
                "budgets: [4, 8]",
                "max_new_tokens: 2",
                "partitions: 2",
                "wave_size: " + waveSize,
                "output: " + dir.resolve("run"),
                "bootstrap: 10",
                "seed: 7", "");
        return Files.writeString(dir.resolve("sweep.yaml"), yaml);
    }

    /** Submits {@code iwp sweep} to the cluster; returns the driver process at once. */
    JvmProcess submit(StandaloneCluster cluster) throws IOException {
        Path config = writeConfig();
        String djlCache = property("iwp.cluster.djlCache");
        List<String> args = List.of(
                "--properties-file", property("iwp.cluster.conf"),
                "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=768m",
                "--conf", "spark.executorEnv.DJL_CACHE_DIR=" + djlCache,
                "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true -Djava.awt.headless=true "
                        + "-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.shuffle.partitions=2",
                "--class", "io.iwpspark.jobs.cli.Main",
                property("iwp.cluster.jar"),
                "sweep", "--config", config.toString());
        return cluster.submit("submit", args, Map.of("DJL_CACHE_DIR", djlCache));
    }

    /** Waits for the driver to end (failing after {@code timeout}); prints iwp's own lines and the time taken. */
    static void awaitEnd(JvmProcess submit, java.time.Duration timeout, long startNanos) throws IOException,
            InterruptedException {
        boolean ended = submit.process().waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        submit.log().lines().filter(l -> l.startsWith("sweep") || l.startsWith("prepare")).forEach(System.out::println);
        System.out.printf("spark-submit %s after %.1f s%n", ended ? "ended" : "still running",
                (System.nanoTime() - startNanos) / 1e9);
        org.junit.jupiter.api.Assertions.assertTrue(ended, "spark-submit did not end within " + timeout);
        org.junit.jupiter.api.Assertions.assertEquals(0, submit.process().exitValue(), "spark-submit exit status");
    }

    /** The summary line of a complete, error-free sweep of {@code samples} samples. */
    static String reconciledSummary(int samples) {
        long expected = (long) samples * CONFIGURATIONS_PLUS_REFERENCES;
        return "= " + expected + " expected rows; table has " + expected + " rows = " + expected
                + " ok + 0 error (reconciled)";
    }

    /** What the predictions table holds, read back with a local session of the test JVM. */
    record Table(long rows, long distinctPairs, long samples, long configurations, long errors) {}

    Table read() {
        SparkSession spark = SparkTestSession.start("cluster-it-read");
        try {
            Dataset<Row> t = spark.read().parquet(predictions().toString());
            Row r = t.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                    countDistinct(col(Predictions.BENCHMARK), col(Predictions.SAMPLE_ID), col(Predictions.CONFIG_ID)),
                    countDistinct(col(Predictions.SAMPLE_ID)),
                    countDistinct(col(Predictions.CONFIG_ID)),
                    org.apache.spark.sql.functions.count(col(Predictions.ERROR))).first();
            return new Table(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
        } finally {
            spark.stop();
        }
    }
}
