package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import java.util.Map;

/**
 * An official-faithful evaluation: a pure function from (prediction, sample) to a per-sample score,
 * and an aggregate over many scores to named metrics. No Spark: the jobs module calls
 * {@link #score} per row and {@link #aggregate} per benchmark.
 */
public interface Scorer {
    /** Stable name, written into result tables. */
    String name();

    /** The metric of {@link #aggregate} that summarises the benchmark (higher is better). */
    String primaryMetric();

    /** Scores one prediction; the sample must not be an error row and must have answers. */
    SampleScore score(String prediction, Sample sample);

    /** Metric name -> value over the given scores (percentages where the official script prints them). */
    Map<String, Double> aggregate(List<SampleScore> scores);

    /** Rejects error rows and samples without answers, naming the sample. */
    static void requireScorable(Sample s, String scorer) {
        if (s.isError()) {
            throw new IllegalArgumentException(scorer + ": sample " + s.id() + " is an error row (" + s.error() + ")");
        }
        if (s.answers().isEmpty()) {
            throw new IllegalArgumentException(scorer + ": sample " + s.id() + " has no reference answers");
        }
    }
}
