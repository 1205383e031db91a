package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Option-letter accuracy, with the letter read the way the benchmark's official script reads it. */
public final class MultipleChoiceScorer implements Scorer {
    /** Which official letter reading applies. */
    public enum Reading {
        /** LLaVA's eval_science_qa.py ({@link OptionLetter#scienceQa}); right only within the sample's options. */
        SCIENCE_QA,
        /** VLMEvalKit's can_infer ({@link CanInfer}) on the stripped reply, as LLaVA's model_vqa_mmbench.py strips it. */
        VLMEVALKIT,
        /**
         * lmms-eval's MVBench mcq_acc ({@link OptionLetter#mvBench}). The parsed value is the letter,
         * or the raw reply when no letter is read; mvbench_aggregate_results leaves empty replies out
         * of the accuracy, so {@link #aggregate} leaves out scores whose parsed value is empty.
         */
        MVBENCH,
        /**
         * Video-MME's extract_characters_regex ({@link OptionLetter#videoMme}), compared
         * case-insensitively. "accuracy" counts every reply, as lmms-eval's videomme_aggregate_results;
         * "answered_accuracy" only replies a letter was read from, as Video-MME's own
         * evaluation/eval_your_results.py (BradyFU/Video-MME 464ff36) does.
         */
        VIDEO_MME
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

    /** What the official script reads from {@code prediction} for this sample (see {@link Reading}). */
    public String read(String prediction, Sample s) {
        return switch (reading) {
            case SCIENCE_QA -> OptionLetter.scienceQa(prediction);
            case VLMEVALKIT -> CanInfer.read(PyStr.strip(prediction), s.options());
            case MVBENCH -> {
                String letter = OptionLetter.mvBench(prediction);
                yield letter.length() == 1 && letter.charAt(0) >= 'A' && letter.charAt(0) <= 'E' ? letter : prediction;
            }
            case VIDEO_MME -> OptionLetter.videoMme(prediction);
        };
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        Scorer.requireScorable(s, name);
        String letter = read(prediction, s);
        String gold = s.answers().get(0);
        boolean right = switch (reading) {
            case SCIENCE_QA -> letter.equals(gold) && letter.charAt(0) - 'A' < Math.min(5, s.options().size());
            case VIDEO_MME -> letter.toLowerCase(Locale.ROOT).equals(gold.toLowerCase(Locale.ROOT));
            default -> letter.equals(gold);
        };
        String group = s.meta("circular_group").isEmpty() ? s.id() : s.meta("circular_group");
        return new SampleScore(s.id(), s.category(), group, letter, gold, right ? 1 : 0);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        List<SampleScore> answered = new ArrayList<>();
        for (SampleScore s : scores) {
            if (!s.parsed().isEmpty()) {
                answered.add(s);
            }
        }
        if (reading == Reading.MVBENCH) {
            return answered.isEmpty() ? Map.of("accuracy", 0.0) : Means.accuracyByCategory(answered);
        }
        Map<String, Double> out = Means.accuracyByCategory(scores);
        if (reading == Reading.VIDEO_MME) {
            out.put("answered_accuracy", answered.isEmpty() ? 0.0 : 100 * Means.mean(answered));
        }
        return out;
    }
}
