package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MMMU accuracy as lmms-eval's tasks/mmmu/utils.py (EvolvingLMMs-Lab/lmms-eval 75571cf) scores it
 * with MMMU's eval utilities: multiple-choice samples by {@link MmmuChoice} and eval_multi_choice
 * (the letter equals the answer), open samples by {@link MmmuOpen} (parse_open_response, eval_open of
 * MMMU-Benchmark/MMMU mmmu/utils/eval_utils.py bb0b95a). Open replies are judged on the whole parsed
 * list, as MMMU's eval_utils.py and lmms-eval before 736454b do; lmms-eval since 736454b passes
 * eval_open only str() of the list's first element (in set order), which eval_open then walks
 * character by character, so almost no open answer can be right there. A multiple-choice reply with no
 * readable letter gets {@link PinnedChoice} in place of the official random draw.
 * "accuracy" is correct / all in percent (mmmu_aggregate_results' instance-weighted "Overall"), per
 * subject (the category) as "subject/accuracy".
 */
public final class MmmuScorer implements Scorer {
    @Override
    public String name() {
        return "mmmu";
    }

    @Override
    public String primaryMetric() {
        return "accuracy";
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        Scorer.requireScorable(s, name());
        String gold = s.answers().get(0);
        if (s.answerType() == AnswerType.MULTIPLE_CHOICE) {
            MmmuChoice.Read r = MmmuChoice.read(prediction, s.options(), s.id());
            return new SampleScore(s.id(), s.category(), s.id(), r.letter(), gold, r.letter().equals(gold) ? 1 : 0);
        }
        Set<Object> parsed = MmmuOpen.parse(prediction);
        return new SampleScore(s.id(), s.category(), s.id(), parsed.toString(), gold, MmmuOpen.judge(gold, parsed) ? 1 : 0);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        return Means.accuracyByCategory(scores);
    }
}
