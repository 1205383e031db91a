package io.iwpspark.jobs.sweep;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_intersect;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.datasets.schema.StagedWrite;
import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.RuntimeSettings;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.jobs.prepare.PrepareJob;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.pruning.PrunerRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.util.LongAccumulator;

/**
 * The sweep: samples spread over executors, each through the model unpruned and per configuration,
 * into the predictions table ({@code output}/predictions, Parquet, appended).
 *
 * <p>Resumable: (sample, configuration) pairs already in the table are skipped. The samples are
 * cut into waves of {@code wave_size}; each wave is one Spark job that writes its partitions to a staging
 * folder, published into the table when the job is done. The next wave is already running while one is
 * published, so a crash loses at most the two waves in flight. A progress line follows every wave.
 */
public final class SweepJob {
    /** Column of the configuration ids already written for a sample (array of string). */
    public static final String DONE_COLUMN = "_done";
    static final String DONE = DONE_COLUMN;

    private SweepJob() {}

    public static Path predictionsPath(SweepConfig c) {
        return Path.of(c.output(), "predictions");
    }

    /**
     * Checks everything that can be checked before Spark does any work: the pruners and their
     * parameters, the checkpoint folder, the samples table (present or preparable, not half-written),
     * the output folder (a folder or creatable, writable) and the budgets against the model.
     */
    public static void validate(SweepConfig c) {
        c.validatePruners(PrunerRegistry.load());
        Path model = Path.of(c.model());
        if (!Files.isRegularFile(model.resolve("config.json"))) {
            throw new ConfigException("model: " + model + " is not a Hugging Face checkpoint folder "
                    + "(no config.json)");
        }
        ModelSupport.requireServed(c, PrunerRegistry.load());
        if (!Files.exists(Path.of(c.samples()))) {
            if (!c.preparable()) {
                throw new ConfigException("samples: " + c.samples() + " does not exist and neither sources nor a "
                        + "synthetic benchmark is configured to prepare it (run iwp prepare first)");
            }
            PrepareJob.formats(c); // every source's files and format, before Spark starts
        }
        Preflight.files(c);
    }

    /**
     * Writes the samples table from {@code sources} and {@code synthetic} when it is missing
     * ({@link PrepareJob}), through a staging folder published by rename: a killed prepare leaves no
     * table under the samples name.
     */
    public static void prepareIfMissing(SparkSession spark, SweepConfig c, PrintStream log) {
        int leftovers = StagedWrite.removeLeftovers(spark, c.samples());
        if (leftovers > 0) {
            log.printf("prepare: removed %d staging folder(s) a killed prepare left beside %s%n", leftovers, c.samples());
        }
        if (Files.exists(Path.of(c.samples())) || !c.preparable()) {
            return;
        }
        PrepareJob.write(spark, c, log);
    }

    /** The samples in scope: benchmark filter, then the first {@code limit} per benchmark by id. */
    static Dataset<Row> samplesInScope(SparkSession spark, SweepConfig c) {
        Dataset<Row> samples = SampleRows.withStandInKeys(SamplesTable.read(spark, c.samples()));
        if (!c.benchmarks().isEmpty()) {
            samples = samples.filter(col(SampleRows.BENCHMARK).isin(c.benchmarks().toArray()));
        }
        if (c.limit() > 0) {
            var byId = Window.partitionBy(SampleRows.BENCHMARK).orderBy(SampleRows.ID);
            samples = samples.withColumn("_n", row_number().over(byId)).filter(col("_n").leq(c.limit())).drop("_n");
        }
        return samples;
    }

    public static SweepSummary run(SparkSession spark, SweepConfig c, PrintStream log) {
        validate(c);
        List<PruningConfig> configs = c.configurations();
        WarmUp warmUp = new WarmUp(c.runtime(), configs);
        boolean preloaded = ModelCache.preloadIfLocal(spark.sparkContext(), c.runtime(), warmUp).isPresent();
        try {
            return run(spark, c, configs, warmUp, preloaded, log);
        } finally {
            warmUp.stop(); // a sweep that failed before its waves leaves no warm-up running on the cached model
        }
    }

    private static SweepSummary run(SparkSession spark, SweepConfig c, List<PruningConfig> configs, WarmUp warmUp,
            boolean preloaded, PrintStream log) {
        prepareIfMissing(spark, c, log);
        Path out = predictionsPath(c);
        removeLeftovers(spark, out, log);
        RunScoring.record(c, hasParquet(out));
        log.println("sweep: scoring " + c.scoring().asKeys() + " (recorded in " + RunScoring.file(c) + ")");
        int parallelism = c.partitions() > 0 ? c.partitions() : spark.sparkContext().defaultParallelism();
        // The scope is read by the preflight, the wave plan, the plan's shuffle and the final counts: cached in
        // `parallelism` partitions rather than the 200 of spark.sql.shuffle.partitions its window leaves (AQE
        // does not coalesce a cached plan), so those stages run a task per core, not 200 near-empty ones.
        Dataset<Row> samples = samplesInScope(spark, c).coalesce(parallelism).cache();
        long inScope = samples.count();
        Preflight.scope(c, SamplesTable.read(spark, c.samples()), samples, inScope);

        List<String> ids = new ArrayList<>(Predictions.REFERENCES);
        configs.forEach(p -> ids.add(p.id()));
        org.apache.spark.sql.Column wanted = array(ids.stream().map(org.apache.spark.sql.functions::lit)
                .toArray(org.apache.spark.sql.Column[]::new));
        Dataset<Row> done;
        if (hasParquet(out)) {
            // The to-do list is computed twice (the wave plan's keys, then the plan's shuffle): the finished rows'
            // keys are cached so a resumed sweep reads the predictions table once, not twice.
            done = spark.read().schema(Predictions.SCHEMA).parquet(out.toString())
                    .groupBy(col(Predictions.BENCHMARK).as("_b"), col(Predictions.SAMPLE_ID).as("_s"))
                    .agg(collect_set(Predictions.CONFIG_ID).as(DONE)).cache();
        } else {
            done = spark.createDataFrame(List.of(), new org.apache.spark.sql.types.StructType()
                    .add("_b", "string").add("_s", "string").add(DONE, "array<string>"));
        }
        Dataset<Row> todo = samples
                .join(done, samples.col(SampleRows.BENCHMARK).equalTo(col("_b"))
                        .and(samples.col(SampleRows.ID).equalTo(col("_s"))), "left")
                .withColumn(DONE, coalesce(col(DONE), array().cast("array<string>")))
                .drop("_b", "_s")
                // Only this sweep's ids count: rows of configurations no longer swept do not make a sample done.
                .filter(size(array_intersect(col(DONE), wanted)).lt(ids.size()))
                .coalesce(parallelism);
        PlannedWaves planned = PlannedWaves.of(spark, todo, c.waveSize(), parallelism);
        long pending = planned.plan().samples();
        int waves = planned.plan().waves();
        log.printf("sweep: %d samples in scope, %d to evaluate, %d configurations + unpruned + text-only, %d wave(s) over %d partition(s)%n",
                inScope, pending, configs.size(), waves, parallelism);

        warmUp.stop(); // its CPU belongs to the driver's preparation, not to the waves
        if (preloaded && c.runtime().warmupSamples() > 0) {
            log.printf("sweep: the local model warmed up on %d of %d synthetic sample(s) while the driver prepared%s%n",
                    warmUp.done(), c.runtime().warmupSamples(), warmUp.errorRows() == 0 ? ""
                            : " (" + warmUp.errorRows() + " of their rows are errors: the model's path was not all run)");
        }
        long start = System.nanoTime();
        Future<Void> shuffle = planned.startShuffle();
        long[] totals = new long[2]; // samples evaluated, error rows, over the published waves
        long pendingNow = pending;
        // Two waves in flight: the next is submitted before the current one is published, so Spark (FIFO)
        // starts its tasks on the cores the current wave's shorter partitions free, and the bookkeeping between
        // waves overlaps evaluation. Waves are submitted and published one at a time, in order.
        try (planned; WaveWrites writes = new WaveWrites(spark)) {
            Deque<Wave> inFlight = new ArrayDeque<>();
            for (int w = 0; w < waves && pending > 0; w++) {
                // Each wave is written whole into its own staging folder, then its files are moved in.
                int index = w;
                String staged = StagedWrite.staging(new org.apache.hadoop.fs.Path(out.toString())).toString();
                // The wave's own counters, not a read-back job (which FIFO queues behind the next wave's tasks):
                // the evaluation runs in the write's result stage, whose accumulator updates Spark applies once
                // per partition, so a retried or speculative task is not counted twice.
                LongAccumulator samplesDone = spark.sparkContext().longAccumulator("wave " + (index + 1) + " samples");
                LongAccumulator errorRows = spark.sparkContext().longAccumulator("wave " + (index + 1) + " error rows");
                // Evaluated on the shuffle's rows as they are (no round trip through Spark's row format and back,
                // which copied every sample's media twice); the prediction rows become a table once, for the write.
                Dataset<Row> rows = spark.createDataFrame(planned.wave(index)
                        .mapPartitions(new EvaluatePartition(c.runtime(), configs, samplesDone, errorRows)),
                        Predictions.SCHEMA);
                inFlight.add(new Wave(index, staged, samplesDone, errorRows, writes.submit(index + 1, rows, staged)));
                if (inFlight.size() == 2) {
                    publish(spark, inFlight.poll(), out, waves, pendingNow, totals, start, log);
                }
            }
            while (!inFlight.isEmpty()) {
                publish(spark, inFlight.poll(), out, waves, pendingNow, totals, start, log);
            }
            shuffle.get(); // done with the first wave (which could not finish without the shuffle's map stage)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spark.sparkContext().cancelAllJobs();
            throw new IllegalStateException("interrupted while the sweep's waves were running", e);
        } catch (ExecutionException e) {
            spark.sparkContext().cancelAllJobs();
            throw new IllegalStateException("the wave plan's shuffle failed: " + e.getCause(), e.getCause());
        } catch (RuntimeException | Error e) {
            spark.sparkContext().cancelAllJobs(); // the other wave in flight: its staging folder is removed on resume
            throw e;
        }
        long evaluated = totals[0];
        double seconds = (System.nanoTime() - start) / 1e9;

        Row counts = hasParquet(out) ? spark.read().schema(Predictions.SCHEMA).parquet(out.toString())
                .filter(col(Predictions.CONFIG_ID).isin(ids.toArray()))
                .join(samples.select(col(SampleRows.BENCHMARK).as("_b"), col(SampleRows.ID).as("_s")),
                        col(Predictions.BENCHMARK).equalTo(col("_b")).and(col(Predictions.SAMPLE_ID).equalTo(col("_s"))), "left_semi")
                .agg(org.apache.spark.sql.functions.count(lit(1)), org.apache.spark.sql.functions.count(col(Predictions.ERROR)))
                .first() : null;
        samples.unpersist();
        done.unpersist();
        long rows = counts == null ? 0 : counts.getLong(0);
        long errors = counts == null ? 0 : counts.getLong(1);
        SweepSummary summary = new SweepSummary(inScope, ids.size(), evaluated, rows, rows - errors,
                errors, seconds);
        log.println(summary);
        return summary;
    }

    /** A wave submitted to Spark: its index, staging folder, counters and the write in flight. */
    private record Wave(int index, String staged, LongAccumulator samples, LongAccumulator errorRows, Future<?> write) {}

    /** Waits for a wave's write, reads back what it wrote, moves its files into the table and logs progress. */
    private static void publish(SparkSession spark, Wave wave, Path out, int waves, long pending, long[] totals,
            long start, PrintStream log) {
        try {
            wave.write().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while wave " + (wave.index() + 1) + " was running", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("wave " + (wave.index() + 1) + " failed: " + e.getCause(), e.getCause());
        }
        int w = wave.index() + 1;
        StagedWrite.faultPoint("wave-" + w + ":before-publish");
        StagedWrite.publishFiles(spark, wave.staged(), out.toString());
        StagedWrite.faultPoint("wave-" + w + ":published");
        totals[0] += wave.samples().value();
        totals[1] += wave.errorRows().value();
        long evaluated = totals[0];
        double s = (System.nanoTime() - start) / 1e9;
        log.printf("sweep: wave %d/%d done, %d/%d samples (%.0f%%), %d error rows, %.2f samples/s, eta %.0f s%n",
                w, waves, evaluated, pending, 100.0 * evaluated / pending, totals[1], evaluated / s,
                evaluated == 0 ? Double.NaN : (pending - evaluated) * s / evaluated);
    }

    /**
     * Deletes, and says so, what a killed sweep left: its wave staging folders beside the predictions
     * table, and a {@code _temporary} inside it (from a version that appended directly). Never merged.
     */
    private static void removeLeftovers(SparkSession spark, Path predictions, PrintStream log) {
        int staged = StagedWrite.removeLeftovers(spark, predictions.toString());
        if (staged > 0) {
            log.printf("sweep: removed %d wave staging folder(s) of a killed run beside %s (not merged)%n", staged, predictions);
        }
        Path temporary = predictions.resolve("_temporary");
        if (Files.exists(temporary)) {
            try (var walk = Files.walk(temporary)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("removing " + temporary, e);
            }
            log.printf("sweep: removed %s that a killed run left (not merged)%n", temporary);
        }
    }

    /**
     * The executor stage alone: samples with a {@link #DONE_COLUMN} in, prediction rows out (lazy), for
     * the configurations given; {@code settings} supplies the model and generation options.
     */
    public static Dataset<Row> evaluate(Dataset<Row> samplesWithDone, RuntimeSettings settings, List<PruningConfig> configs) {
        SparkSession spark = samplesWithDone.sparkSession();
        LongAccumulator samplesDone = spark.sparkContext().longAccumulator("samples evaluated");
        LongAccumulator errorRows = spark.sparkContext().longAccumulator("error rows");
        return samplesWithDone.mapPartitions(new EvaluatePartition(settings, configs, samplesDone, errorRows),
                Encoders.row(Predictions.SCHEMA));
    }

    private static boolean hasParquet(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list the predictions folder " + dir, e);
        }
    }
}
