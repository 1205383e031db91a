package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * POPE as LLaVA's llava/eval/eval_pope.py (haotian-liu/LLaVA c121f04) computes it, per split
 * (the sample category: adversarial, popular, random): accuracy, precision, recall, F1 of "yes"
 * and the ratio of "yes" predictions. Where the script would divide by zero (no "yes" predicted, or no "yes" label) and stop, the metric is 0,
 * as in lmms-eval. Replies are read by {@link YesNo#pope}. Overall "f1" and "accuracy" are the
 * means over splits (how LLaVA-1.5 reports POPE).
 */
public final class PopeScorer implements Scorer {
    public static final String NAME = "pope";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String primaryMetric() {
        return "f1";
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        Scorer.requireScorable(s, NAME);
        String label = s.answers().get(0).strip().toLowerCase(Locale.ROOT);
        if (!label.equals("yes") && !label.equals("no")) {
            throw new IllegalArgumentException(NAME + ": sample " + s.id() + " answer: expected yes or no but found \""
                    + s.answers().get(0) + "\"");
        }
        String pred = YesNo.pope(prediction);
        return new SampleScore(s.id(), s.category(), s.id(), pred, label, pred.equals(label) ? 1 : 0);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": expected at least one sample score but found none");
        }
        Map<String, List<SampleScore>> bySplit = new TreeMap<>();
        for (SampleScore s : scores) {
            bySplit.computeIfAbsent(s.category(), k -> new ArrayList<>()).add(s);
        }
        Map<String, Double> out = new TreeMap<>();
        double f1Sum = 0;
        double accSum = 0;
        for (Map.Entry<String, List<SampleScore>> e : bySplit.entrySet()) {
            int tp = 0;
            int fp = 0;
            int tn = 0;
            int fn = 0;
            for (SampleScore s : e.getValue()) {
                boolean predYes = s.parsed().equals("yes");
                boolean labelYes = s.expected().equals("yes");
                if (predYes && labelYes) {
                    tp++;
                } else if (predYes) {
                    fp++;
                } else if (labelYes) {
                    fn++;
                } else {
                    tn++;
                }
            }
            double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            double acc = (tp + tn) / (double) (tp + tn + fp + fn);
            String p = e.getKey().isEmpty() ? "" : e.getKey() + "/";
            out.put(p + "accuracy", 100 * acc);
            out.put(p + "precision", 100 * precision);
            out.put(p + "recall", 100 * recall);
            out.put(p + "f1", 100 * f1);
            out.put(p + "yes_ratio", 100 * (tp + fp) / (double) e.getValue().size());
            f1Sum += f1;
            accSum += acc;
        }
        out.put("f1", 100 * f1Sum / bySplit.size());
        out.put("accuracy", 100 * accSum / bySplit.size());
        return out;
    }
}
