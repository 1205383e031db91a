package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import java.util.Map;

/**
 * Exact match after light normalisation. GQA: LLaVA's scripts/convert_gqa_for_eval.py
 * (haotian-liu/LLaVA c121f04) keeps {@code text.rstrip('.').lower()} of the reply that
 * model_vqa_loader.py stripped, and GQA's eval.py counts {@code predicted == gold} with the
 * answer as published. ShapesVQA (ours, no official script) uses m4c_evaluator's
 * EvalAIAnswerProcessor on both sides instead, so "Two." matches "2".
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
        String gold = evalAi ? EvalAiAnswer.normalise(s.answers().get(0)) : s.answers().get(0);
        return new SampleScore(s.id(), s.category(), s.id(), pred, gold, pred.equals(gold) ? 1 : 0);
    }

    static String gqaForm(String prediction) {
        String t = PyStr.strip(prediction);
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '.') {
            end--;
        }
        return PyStr.lower(t.substring(0, end));
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        return Means.accuracyByCategory(scores);
    }
}
