package io.iwpspark.datasets.scorers;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Plain averages over sample scores. */
final class Means {
    private Means() {
    }

    static double mean(List<SampleScore> scores) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("scores: expected at least one sample score but found none");
        }
        double sum = 0;
        for (SampleScore s : scores) {
            sum += s.score();
        }
        return sum / scores.size();
    }

    /** "accuracy" (percent) overall and "category/accuracy" per category. */
    static Map<String, Double> accuracyByCategory(List<SampleScore> scores) {
        Map<String, Double> out = new TreeMap<>();
        out.put("accuracy", 100 * mean(scores));
        Map<String, List<SampleScore>> byCat = new TreeMap<>();
        for (SampleScore s : scores) {
            byCat.computeIfAbsent(s.category(), k -> new java.util.ArrayList<>()).add(s);
        }
        if (byCat.size() > 1) {
            byCat.forEach((c, list) -> out.put(c + "/accuracy", 100 * mean(list)));
        }
        return out;
    }
}
