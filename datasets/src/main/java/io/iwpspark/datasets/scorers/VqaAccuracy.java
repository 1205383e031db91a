package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * VQA accuracy: the prediction is normalised as EvalAI does; its score is the mean, over the ten
 * leave-one-out subsets of the human answers, of min(1, matches among the other nine / 3).
 * The prediction is first stripped, as LLaVA's model_vqa_loader.py strips every generated answer.
 */
public final class VqaAccuracy implements Scorer {
    /** How the reference answers are normalised before matching. */
    public enum References {
        /**
         * VQAv2 as LLaVA submits it: llava scripts/convert_vqav2_for_submission.py puts the reply
         * through EvalAIAnswerProcessor (haotian-liu/LLaVA c121f04), then the challenge's
         * PythonEvaluationTools/vqaEvaluation/vqaEval.py (GT-Vision-Lab/VQA a013f00) trims answers
         * and, only when the human answers disagree, puts them and the prediction through its
         * punctuation (one digit,digit comma), number and article normalisation.
         */
        VQAV2,
        /**
         * TextVQA: LLaVA's llava/eval/m4c_evaluator.py TextVQAAccuracyEvaluator (haotian-liu/LLaVA
         * c121f04; lmms-eval's textvqa is the same): every answer gets the full normalisation.
         */
        TEXTVQA
    }

    private final String name;
    private final References references;

    public VqaAccuracy(String name, References references) {
        this.name = name;
        this.references = references;
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
        String pred = EvalAiAnswer.normalise(PyStr.strip(prediction));
        List<String> gts = new ArrayList<>();
        if (references == References.TEXTVQA) {
            for (String a : s.answers()) {
                gts.add(EvalAiAnswer.normalise(a));
            }
        } else {
            for (String a : s.answers()) {
                gts.add(PyStr.strip(a.replace("\n", " ").replace("\t", " ")));
            }
            pred = PyStr.strip(pred.replace("\n", " ").replace("\t", " "));
            if (new HashSet<>(gts).size() > 1) {
                gts.replaceAll(a -> EvalAiAnswer.digitsAndArticles(EvalAiAnswer.vqaEvalPunctuation(a)));
                pred = EvalAiAnswer.digitsAndArticles(EvalAiAnswer.vqaEvalPunctuation(pred));
            }
        }
        return new SampleScore(s.id(), s.category(), s.id(), pred, String.join("|", gts), leaveOneOut(pred, gts));
    }

    /** Mean over i of min(1, #{j != i : gts[j] equals pred} / 3). */
    static double leaveOneOut(String pred, List<String> gts) {
        double sum = 0;
        for (int i = 0; i < gts.size(); i++) {
            int matches = 0;
            for (int j = 0; j < gts.size(); j++) {
                if (j != i && gts.get(j).equals(pred)) {
                    matches++;
                }
            }
            sum += Math.min(1.0, matches / 3.0);
        }
        return sum / gts.size();
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        return Means.accuracyByCategory(scores);
    }
}
