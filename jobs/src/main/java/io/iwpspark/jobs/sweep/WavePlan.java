package io.iwpspark.jobs.sweep;

/**
 * Where each pending sample runs: its wave and its partition within the wave, decided once on the driver from the
 * samples' rank in (benchmark, id) order, so every wave's partitions can be cut by one shuffle before the first wave
 * instead of one per wave (whose map stage waits for every core of the wave before it). Rank k goes to wave
 * {@code k mod waves} and, within it, round-robin over the partitions: wave sizes differ by at most one sample,
 * partition sizes within a wave by at most one, and each benchmark is spread over every wave and partition.
 * Deterministic, so a partition recomputed after a lost executor holds the same samples.
 *
 * <p>Partition {@code p} of the plan is partition {@code p mod parallelism} of wave {@code p / parallelism}.
 */
record WavePlan(int samples, int waves, int parallelism) implements java.io.Serializable {
    WavePlan {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, found " + samples);
        }
        if (waves < 1 || parallelism < 1) {
            throw new IllegalArgumentException("waves and parallelism must be >= 1, found " + waves + " and " + parallelism);
        }
    }

    /** The waves needed for {@code samples} at {@code waveSize} samples per wave (at least one). */
    static WavePlan of(long samples, int waveSize, int parallelism) {
        if (waveSize < 1) {
            throw new IllegalArgumentException("wave size must be >= 1, found " + waveSize);
        }
        if (samples > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " pending samples per sweep, found " + samples);
        }
        return new WavePlan((int) samples, (int) Math.max(1, (samples + waveSize - 1) / waveSize), parallelism);
    }

    /** Partitions of the whole plan: {@code waves * parallelism}. */
    int partitions() {
        return Math.multiplyExact(waves, parallelism);
    }

    /** The plan partition of the sample of rank {@code rank} (0-based, in (benchmark, id) order). */
    int partitionOf(int rank) {
        if (rank < 0 || rank >= samples) {
            throw new IndexOutOfBoundsException("rank must be in [0, " + samples + "), found " + rank);
        }
        int wave = rank % waves;
        int slot = (rank / waves) % parallelism;
        return wave * parallelism + slot;
    }

    /** The wave (0-based) whose job computes plan partition {@code partition}. */
    int waveOf(int partition) {
        return partition / parallelism;
    }
}
