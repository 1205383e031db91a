package io.iwpspark.jobs.aggregate;

import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.scorers.SampleScore;
import io.iwpspark.datasets.scorers.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A benchmark's headline number from its official scorer's aggregate (e.g. POPE F1, MME totals,
 * accuracy in percent), with a 95% percentile bootstrap interval over samples. A benchmark the
 * registry does not know falls back to the mean per-sample score in percent ("mean_score").
 */
final class OfficialMetric {
    private final Scorer scorer; // null: fallback

    OfficialMetric(BenchmarkRegistry registry, String benchmark) {
        this.scorer = registry.all().containsKey(benchmark) ? registry.get(benchmark).scorer() : null;
    }

    String name() {
        return scorer == null ? "mean_score" : scorer.primaryMetric();
    }

    /** The metric of {@code scores}, NaN when there are none. */
    double of(List<SampleScore> scores) {
        if (scores.isEmpty()) {
            return Double.NaN;
        }
        if (scorer == null) {
            return 100 * scores.stream().mapToDouble(SampleScore::score).average().getAsDouble();
        }
        Double v = scorer.aggregate(scores).get(scorer.primaryMetric());
        if (v == null) {
            throw new IllegalStateException("scorer " + scorer.name() + " returned no " + scorer.primaryMetric());
        }
        return v;
    }

    /** [low, high]: 2.5% and 97.5% quantiles of the metric over resampled sample sets. */
    double[] interval95(List<SampleScore> scores, int resamples, long seed) {
        if (scores.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int n = scores.size();
        for (int r = 0; r < resamples; r++) {
            List<SampleScore> draw = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                draw.add(scores.get(random.nextInt(n)));
            }
            values[r] = of(draw);
        }
        java.util.Arrays.sort(values);
        return new double[] {Bootstrap.quantile(values, 0.025), Bootstrap.quantile(values, 0.975)};
    }
}
