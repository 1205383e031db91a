package io.iwpspark.jobs.aggregate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Percentile bootstrap confidence interval of a mean. */
public final class Bootstrap {
    private Bootstrap() {}

    /** [low, high] of the 95% percentile interval of the mean of {@code values}, or NaNs when empty. */
    public static double[] meanInterval95(double[] values, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, found " + resamples);
        }
        int n = values.length;
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        return new double[] {quantile(means, 0.025), quantile(means, 0.975)};
    }

    /** Linear-interpolated quantile of sorted values (numpy's default "linear" method). */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
