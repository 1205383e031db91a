package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exact match after light normalisation. GQA: LLaVA's convert_gqa_for_eval keeps
 * {@code text.rstrip('.').lower()} and the GQA script compares it with the answer; the model
 * output has already been stripped of surrounding spaces. ShapesVQA uses the EvalAI normalisation
 * on both sides instead, so "Two." matches "2".
 */
public final class ExactMatch implements Scorer {
    private final String name;
    private final boolean evalAi;

    private ExactMatch(String name, boolean evalAi) {
        this.name = name;
        this.evalAi = evalAi;
    }

    /** GQA's rule: strip, drop trailing periods, lower case. */
    public static ExactMatch gqa(String name) {
        return new ExactMatch(name, false);
    }

    /** EvalAI normalisation on both sides (synthetic benchmarks with one-word answers). */
    public static ExactMatch normalised(String name) {
        return new ExactMatch(name, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String primaryMetric() {
        return "accuracy";
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        Scorer.requireScorable(s, name);
        String pred = evalAi ? EvalAiAnswer.normalise(prediction) : gqaForm(prediction);
        String gold = evalAi ? EvalAiAnswer.normalise(s.answers().get(0)) : s.answers().get(0).strip().toLowerCase(Locale.ROOT);
        return new SampleScore(s.id(), s.category(), s.id(), pred, gold, pred.equals(gold) ? 1 : 0);
    }

    static String gqaForm(String prediction) {
        String t = prediction.strip();
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '.') {
            end--;
        }
        return t.substring(0, end).toLowerCase(Locale.ROOT);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        return Means.accuracyByCategory(scores);
    }
}
