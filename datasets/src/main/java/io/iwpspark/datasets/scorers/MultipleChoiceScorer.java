package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import java.util.Map;

/** Option-letter accuracy, with the letter read the way the benchmark's official script reads it. */
public final class MultipleChoiceScorer implements Scorer {
    /** Which official letter reading applies. */
    public enum Reading {
        /** LLaVA's eval_science_qa.py. */
        SCIENCE_QA,
        /** VLMEvalKit's rule-based can_infer (option letter, then option text). */
        VLMEVALKIT,
        /** lmms-eval's MVBench mcq_acc. */
        MVBENCH
    }

    private final String name;
    private final Reading reading;

    public MultipleChoiceScorer(String name, Reading reading) {
        this.name = name;
        this.reading = reading;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String primaryMetric() {
        return "accuracy";
    }

    /** The letter the official script reads from {@code prediction} for this sample. */
    public String read(String prediction, Sample s) {
        return switch (reading) {
            case SCIENCE_QA -> OptionLetter.scienceQa(prediction, s.options().size());
            case VLMEVALKIT -> OptionLetter.vlmEvalKit(prediction, s.options());
            case MVBENCH -> OptionLetter.mvBench(prediction);
        };
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        Scorer.requireScorable(s, name);
        String letter = read(prediction, s);
        String gold = s.answers().get(0);
        String group = s.meta("circular_group").isEmpty() ? s.id() : s.meta("circular_group");
        return new SampleScore(s.id(), s.category(), group, letter, gold, letter.equals(gold) ? 1 : 0);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        return Means.accuracyByCategory(scores);
    }
}
