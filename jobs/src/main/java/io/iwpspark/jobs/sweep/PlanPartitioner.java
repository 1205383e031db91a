package io.iwpspark.jobs.sweep;

import org.apache.spark.Partitioner;

/** Spark's side of a {@link WavePlan}: a record keyed by its plan partition goes to exactly that partition. */
final class PlanPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    PlanPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        int p = (Integer) key;
        if (p < 0 || p >= partitions) {
            throw new IllegalArgumentException("plan partition must be in [0, " + partitions + "), found " + p);
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlanPartitioner other && other.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(partitions);
    }
}
