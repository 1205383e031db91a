package io.iwpspark.jobs.aggregate;

import io.iwpspark.datasets.scorers.SampleScore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The vision-dependent subset of a benchmark: the samples the text-only reference (no visual token)
 * does not get fully right (score below 1), so a method's metric on it is not inflated by questions
 * answerable blind. Samples scored together (an MME image's question pair, an MMBench question's
 * circular rotations) stay together: the whole score group belongs to the subset when the text-only run
 * misses any of its members.
 */
final class VisionDependent {
    private VisionDependent() {}

    /** The keys (score group, or sample id when ungrouped) of the samples the text-only run got wrong. */
    static Set<String> keys(List<SampleScore> textOnly) {
        Set<String> out = new HashSet<>();
        for (SampleScore s : textOnly) {
            if (s.score() < 1) {
                out.add(key(s));
            }
        }
        return out;
    }

    /** The scores of {@code scores} inside the subset. */
    static List<SampleScore> of(List<SampleScore> scores, Set<String> keys) {
        return scores.stream().filter(s -> keys.contains(key(s))).toList();
    }

    private static String key(SampleScore s) {
        return s.group() == null || s.group().isEmpty() ? "sample:" + s.sampleId() : "group:" + s.group();
    }
}
