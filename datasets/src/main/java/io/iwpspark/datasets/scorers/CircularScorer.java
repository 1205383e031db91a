package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MMBench circular evaluation: a question is asked once per rotation of its options (see
 * {@link CircularRotations}); it counts as right only when every rotation is answered right, as
 * VLMEvalKit's vlmeval/dataset/utils/multiple_choice.py mcq_circular_eval decides under its
 * exact-matching policy (prefetch_circular_group; a rotation whose letter cannot be inferred makes
 * the question wrong; open-compass/VLMEvalKit e8e78f0). Letters are read by {@link CanInfer}.
 * Rotations are grouped by the sample metadata "circular_group". Also reports the vanilla
 * accuracy over rotation 0 alone (the question as published).
 */
public final class CircularScorer implements Scorer {
    private final MultipleChoiceScorer letters;

    public CircularScorer(String name) {
        this.letters = new MultipleChoiceScorer(name, MultipleChoiceScorer.Reading.VLMEVALKIT);
    }

    @Override
    public String name() {
        return letters.name();
    }

    @Override
    public String primaryMetric() {
        return "circular_accuracy";
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        if (s.meta("circular_group").isEmpty()) {
            throw new IllegalArgumentException(name() + ": sample " + s.id()
                    + " metadata circular_group: expected the id of its question but found none");
        }
        return letters.score(prediction, s);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException(name() + ": expected at least one sample score but found none");
        }
        Map<String, List<SampleScore>> groups = new LinkedHashMap<>();
        for (SampleScore s : scores) {
            groups.computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s);
        }
        Map<String, int[]> byCat = new TreeMap<>(); // category -> {groups right, groups}
        int right = 0;
        int vanillaRight = 0;
        int vanilla = 0;
        for (List<SampleScore> g : groups.values()) {
            boolean all = g.stream().allMatch(s -> s.score() == 1);
            right += all ? 1 : 0;
            int[] c = byCat.computeIfAbsent(g.get(0).category(), k -> new int[2]);
            c[0] += all ? 1 : 0;
            c[1]++;
            for (SampleScore s : g) {
                if (s.sampleId().equals(s.group()) || s.sampleId().endsWith(CircularRotations.SUFFIX + "0")) {
                    vanilla++;
                    vanillaRight += s.score() == 1 ? 1 : 0;
                }
            }
        }
        Map<String, Double> out = new TreeMap<>();
        out.put("circular_accuracy", 100.0 * right / groups.size());
        if (vanilla > 0) {
            out.put("vanilla_accuracy", 100.0 * vanillaRight / vanilla);
        }
        if (byCat.size() > 1) {
            byCat.forEach((c, v) -> out.put(c + "/circular_accuracy", 100.0 * v[0] / v[1]));
        }
        return out;
    }
}
