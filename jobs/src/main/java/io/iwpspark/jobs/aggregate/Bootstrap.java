package io.iwpspark.jobs.aggregate;

/** Quantiles for the percentile bootstrap intervals ({@link OfficialMetric#interval95}). */
final class Bootstrap {
    private Bootstrap() {}

    /** Linear-interpolated quantile of sorted values (numpy's default "linear" method). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
