package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The wave plan: hand-computed placements, balance over many sizes, and its Spark partitioner. */
class WavePlanTest {
    @Test
    void sevenSamplesInWavesOfThreeOverTwoPartitions() {
        WavePlan plan = WavePlan.of(7, 3, 2);
        assertEquals(3, plan.waves());
        assertEquals(6, plan.partitions());
        int[] where = new int[7];
        for (int k = 0; k < 7; k++) {
            where[k] = plan.partitionOf(k);
        }
        // rank k: wave k mod 3, then slot (k / 3) mod 2 within the wave; plan partition = wave * 2 + slot
        assertArrayEquals(new int[] {0, 2, 4, 1, 3, 5, 0}, where);
        assertEquals(0, plan.waveOf(1));
        assertEquals(1, plan.waveOf(2));
        assertEquals(2, plan.waveOf(5));
    }

    @Test
    void wavesAndTheirPartitionsDifferByAtMostOneSample() {
        for (int samples = 0; samples <= 300; samples += 7) {
            for (int waveSize : new int[] {1, 5, 80}) {
                for (int parallelism : new int[] {1, 2, 3, 8}) {
                    WavePlan plan = WavePlan.of(samples, waveSize, parallelism);
                    int[] perPartition = new int[plan.partitions()];
                    for (int k = 0; k < samples; k++) {
                        perPartition[plan.partitionOf(k)]++;
                    }
                    String what = samples + " samples, wave size " + waveSize + ", " + parallelism + " partitions";
                    int[] perWave = new int[plan.waves()];
                    for (int p = 0; p < perPartition.length; p++) {
                        perWave[plan.waveOf(p)] += perPartition[p];
                    }
                    for (int w = 0; w < plan.waves(); w++) {
                        assertTrue(perWave[w] <= waveSize, what + ": wave " + w + " has " + perWave[w]);
                        assertTrue(samples == 0 || perWave[w] > 0, what + ": wave " + w + " is empty");
                        int min = Integer.MAX_VALUE;
                        int max = 0;
                        for (int s = 0; s < parallelism; s++) {
                            min = Math.min(min, perPartition[w * parallelism + s]);
                            max = Math.max(max, perPartition[w * parallelism + s]);
                        }
                        assertTrue(max - min <= 1, what + ": wave " + w + "'s partitions hold " + min + " to " + max);
                    }
                    int min = java.util.Arrays.stream(perWave).min().getAsInt();
                    int max = java.util.Arrays.stream(perWave).max().getAsInt();
                    assertTrue(max - min <= 1, what + ": waves hold " + min + " to " + max);
                }
            }
        }
    }

    @Test
    void badPlansAndRanksAreRefused() {
        assertEquals("wave size must be >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> WavePlan.of(5, 0, 2)).getMessage());
        assertEquals("rank must be in [0, 5), found 5",
                assertThrows(IndexOutOfBoundsException.class, () -> WavePlan.of(5, 2, 2).partitionOf(5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WavePlan(5, 0, 2));
    }

    @Test
    void thePartitionerSendsARecordToItsPlanPartition() {
        PlanPartitioner p = new PlanPartitioner(6);
        assertEquals(6, p.numPartitions());
        assertEquals(4, p.getPartition(4));
        assertEquals("plan partition must be in [0, 6), found 6",
                assertThrows(IllegalArgumentException.class, () -> p.getPartition(6)).getMessage());
        assertEquals(new PlanPartitioner(6), p);
        assertFalse(new PlanPartitioner(5).equals(p));
    }
}
