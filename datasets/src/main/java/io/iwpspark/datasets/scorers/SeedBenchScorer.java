package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import java.util.Map;

/**
 * SEED-Bench option-letter accuracy, equal to lmms-eval's tasks/seedbench/utils.py at
 * EvolvingLMMs-Lab/lmms-eval 75571cf: the reply is stripped and cut to its first character
 * (seed_process_result), which is right when it equals the answer letter case-insensitively after
 * stripping both (seed_aggregation_result). "accuracy" is over all samples, "image/accuracy" and
 * "video/accuracy" per data type (the category), in percent (the official fraction times 100).
 */
public final class SeedBenchScorer implements Scorer {
    @Override
    public String name() {
        return "seedbench";
    }

    @Override
    public String primaryMetric() {
        return "accuracy";
    }

    /** What seed_process_result keeps of a reply. */
    public static String read(String reply) {
        String pred = PyStr.strip(reply);
        return PyStr.len(pred) > 1 ? PyStr.head(pred, 1) : pred;
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        Scorer.requireScorable(s, name());
        String pred = read(prediction);
        String gold = s.answers().get(0);
        boolean right = PyStr.strip(PyStr.lower(pred)).equals(PyStr.strip(PyStr.lower(gold)));
        return new SampleScore(s.id(), s.category(), s.id(), pred, gold, right ? 1 : 0);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        return Means.accuracyByCategory(scores);
    }
}
