package io.iwpspark.jobs.sweep;

import io.iwpspark.datasets.schema.SampleRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The sweep's to-do list cut into its waves' partitions ({@link WavePlan}) by one shuffle: the driver collects
 * the pending samples' keys (benchmark and id columns only), broadcasts each one's plan partition, and every
 * wave's job reads its own partitions of that one shuffle, so a wave's tasks start on the cores the previous
 * wave frees instead of waiting for a map stage of its own (which needs every core, the previous wave's too).
 * Closing releases the broadcast placement.
 */
final class PlannedWaves implements AutoCloseable {
    /** A sample's key in the plan. */
    private record Key(String benchmark, String id) implements Serializable {}

    private final WavePlan plan;
    private final Broadcast<Map<Key, Integer>> where; // key -> plan partition
    private final ShuffleDependency<?, ?, ?> shuffle; // cuts the to-do rows into the plan's partitions
    private final RDD<Row> planned; // the to-do rows, plan.partitions() partitions

    private PlannedWaves(WavePlan plan, Broadcast<Map<Key, Integer>> where, ShuffleDependency<?, ?, ?> shuffle,
            RDD<Row> planned) {
        this.plan = plan;
        this.where = where;
        this.shuffle = shuffle;
        this.planned = planned;
    }

    /** Plans {@code todo} (rows with {@link SampleRows#BENCHMARK} and {@link SampleRows#ID}); runs one job, for the keys. */
    static PlannedWaves of(SparkSession spark, Dataset<Row> todo, int waveSize, int parallelism) {
        List<Key> keys = new ArrayList<>();
        for (Row r : todo.select(SampleRows.BENCHMARK, SampleRows.ID).collectAsList()) {
            keys.add(new Key(r.getString(0), r.getString(1)));
        }
        keys.sort(Comparator.comparing(Key::benchmark).thenComparing(Key::id));
        WavePlan plan = WavePlan.of(keys.size(), waveSize, parallelism);
        Map<Key, Integer> partitionOf = new HashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            partitionOf.put(keys.get(k), plan.partitionOf(k));
        }
        Broadcast<Map<Key, Integer>> where = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(partitionOf);
        JavaPairRDD<Integer, Row> cut = todo.javaRDD()
                .mapToPair(r -> new Tuple2<>(partitionOf(where.value(), r), r))
                .partitionBy(new PlanPartitioner(plan.partitions()));
        ShuffleDependency<?, ?, ?> shuffle = (ShuffleDependency<?, ?, ?>) cut.rdd().dependencies().head();
        return new PlannedWaves(plan, where, shuffle, cut.values().rdd());
    }

    WavePlan plan() {
        return plan;
    }

    /**
     * Starts the shuffle's map stage alone (the to-do list's own computation included), so it runs while the
     * driver plans the first wave; the waves' jobs share the stage (the first waits for it, the others skip it).
     * Spark's {@code submitMapStage} (internal, what adaptive query execution runs its exchanges with), not a
     * job over the first wave's partitions: that job's result tasks read the first wave's rows once more, over
     * the network on a cluster, and held the first wave's tasks back from the cores until they were done.
     * Completes with the stage, exceptionally with its failure; at once when no sample is pending (nothing to cut).
     */
    CompletableFuture<Void> startShuffle() {
        if (plan.samples() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        planned.sparkContext().submitMapStage(shuffle).onComplete(result -> result.isSuccess()
                ? done.complete(null) : done.completeExceptionally(result.failed().get()),
                scala.concurrent.ExecutionContext$.MODULE$.fromExecutor(Runnable::run));
        return done;
    }

    /** The to-do rows of wave {@code wave} (0-based), in its partitions, as the shuffle delivers them (with their schema). */
    JavaRDD<Row> wave(int wave) {
        return PartitionPruningRDD.create(planned, new InWave(plan, wave)).toJavaRDD();
    }

    @Override
    public void close() {
        where.destroy();
    }

    private static int partitionOf(Map<Key, Integer> partitionOf, Row r) {
        Key key = new Key(r.getAs(SampleRows.BENCHMARK), r.getAs(SampleRows.ID));
        Integer p = partitionOf.get(key);
        if (p == null) {
            throw new IllegalStateException("sample " + key + " is in the to-do list but not in the wave plan made from it "
                    + "(the samples or predictions table changed during the sweep?)");
        }
        return p;
    }

    /** Keeps the plan partitions of one wave (the filter of a {@link PartitionPruningRDD}). */
    private static final class InWave extends scala.runtime.AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final WavePlan plan;
        private final int wave;

        InWave(WavePlan plan, int wave) {
            this.plan = plan;
            this.wave = wave;
        }

        @Override
        public Object apply(Object partition) {
            return plan.waveOf((Integer) partition) == wave;
        }
    }
}
