package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OCRBench, equal to lmms-eval's tasks/ocrbench/utils.py at EvolvingLMMs-Lab/lmms-eval 75571cf
 * (ocrbench_process_results, ocrbench_aggregate_accuracy). A reply scores 1 when one reference
 * answer is a substring of it: for the HME100k formulas (metadata "dataset") after stripping both
 * and deleting every space and line break, case kept; otherwise after folding fullwidth ASCII and the
 * ideographic space to ASCII, lower-casing, stripping and turning line breaks into spaces. The
 * category is the question type; the aggregate is the official count out of a fixed 1000
 * ("final_score", "accuracy" = final_score / 10 in percent) and the count per question type.
 */
public final class OcrBenchScorer implements Scorer {
    /** The ten question types of OCRBench; any other cannot be aggregated (the official dict has no key). */
    public static final List<String> QUESTION_TYPES = List.of("Regular Text Recognition", "Irregular Text Recognition",
            "Artistic Text Recognition", "Handwriting Recognition", "Digit String Recognition",
            "Non-Semantic Text Recognition", "Scene Text-centric VQA", "Doc-oriented VQA", "Key Information Extraction",
            "Handwritten Mathematical Expression Recognition");

    @Override
    public String name() {
        return "ocrbench";
    }

    @Override
    public String primaryMetric() {
        return "accuracy";
    }

    static String fold(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c == 0x3000 ? ' ' : c));
        return sb.toString();
    }

    private static String formula(String s) {
        return PyStr.strip(s).replace("\n", " ").replace(" ", "");
    }

    private static String text(String s) {
        return PyStr.strip(PyStr.lower(fold(s))).replace("\n", " ");
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        Scorer.requireScorable(s, name());
        if (!QUESTION_TYPES.contains(s.category())) {
            throw new IllegalArgumentException(name() + ": sample " + s.id() + " question type: expected one of "
                    + QUESTION_TYPES + " but found \"" + s.category() + "\"");
        }
        String pred = PyStr.strip(prediction);
        boolean hme = s.meta("dataset").equals("HME100k");
        boolean right = false;
        for (String a : s.answers()) {
            right |= hme ? formula(pred).contains(formula(a)) : text(pred).contains(text(a));
        }
        return new SampleScore(s.id(), s.category(), s.id(), pred, String.join(" | ", s.answers()), right ? 1 : 0);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        Map<String, Double> out = new TreeMap<>();
        double total = 0;
        for (String t : QUESTION_TYPES) {
            out.put(t + "/score", 0.0);
        }
        for (SampleScore s : scores) {
            out.merge(s.category() + "/score", s.score(), Double::sum);
            total += s.score();
        }
        out.put("final_score", total);
        out.put("accuracy", total / 10);
        return out;
    }
}
