package io.iwpspark.jobs.sweep;

/**
 * What a sweep did, reconciled against the predictions table at the end.
 *
 * @param samples samples in scope (after the benchmark filter and limit), error rows included
 * @param configurations configurations per sample, the unpruned run included
 * @param evaluatedNow samples evaluated in this run (the rest were complete already)
 * @param rows rows in the predictions table for the samples and configurations in scope
 * @param okRows of which predictions
 * @param errorRows of which errors
 * @param seconds wall time of the evaluation waves
 */
public record SweepSummary(long samples, int configurations, long evaluatedNow, long rows, long okRows, long errorRows,
        double seconds) {
    /** True when every (sample, configuration) pair has exactly one row. */
    public boolean reconciled() {
        return rows == samples * configurations && rows == okRows + errorRows;
    }

    @Override
    public String toString() {
        return String.format("sweep summary: %d samples x %d configurations = %d expected rows; table has %d rows "
                + "= %d ok + %d error%s; %d samples evaluated now in %.1f s (%.2f samples/s)",
                samples, configurations, samples * configurations, rows, okRows, errorRows,
                reconciled() ? " (reconciled)" : " (NOT reconciled)", evaluatedNow, seconds,
                seconds > 0 ? evaluatedNow / seconds : 0.0);
    }
}
