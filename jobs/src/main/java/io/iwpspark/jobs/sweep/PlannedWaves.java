package io.iwpspark.jobs.sweep;

import io.iwpspark.datasets.schema.SampleRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaFutureAction;
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
    private final RDD<Row> planned; // the to-do rows, plan.partitions() partitions

    private PlannedWaves(WavePlan plan, Broadcast<Map<Key, Integer>> where, RDD<Row> planned) {
        this.plan = plan;
        this.where = where;
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
        RDD<Row> planned = todo.javaRDD()
                .mapToPair(r -> new Tuple2<>(partitionOf(where.value(), r), r))
                .partitionBy(new PlanPartitioner(plan.partitions()))
                .values().rdd();
        return new PlannedWaves(plan, where, planned);
    }

    WavePlan plan() {
        return plan;
    }

    /**
     * Starts the shuffle in a job of its own over the first wave's partitions, so its map stage (the to-do
     * list's own computation included) runs while the driver plans the first wave; the waves' jobs share the
     * stage (the first waits for it, the others skip it).
     */
    JavaFutureAction<Long> startShuffle() {
        return wave(0).countAsync();
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
