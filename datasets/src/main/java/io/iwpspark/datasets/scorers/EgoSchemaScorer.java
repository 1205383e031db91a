package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Letters;
import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EgoSchema (subset with answers) accuracy, equal to lmms-eval's tasks/egoschema/utils.py
 * (EvolvingLMMs-Lab/lmms-eval 75571cf): egoschema_process_results_generation reads a letter with
 * {@link EgoSchemaChoice} (a reply without one gets {@link PinnedChoice} in place of the official
 * random draw) against the options in their published "A. ..." form, egoschema_aggregate_score counts it right when its index equals the answer index.
 * "accuracy" in percent (the official fraction times 100).
 */
public final class EgoSchemaScorer implements Scorer {
    @Override
    public String name() {
        return "egoschema";
    }

    @Override
    public String primaryMetric() {
        return "accuracy";
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        Scorer.requireScorable(s, name());
        String gold = s.answers().get(0);
        List<String> published = new ArrayList<>(); // the dataset's "A. ..." form, which the official reader matches
        for (int i = 0; i < s.options().size(); i++) {
            published.add(Letters.of(i) + ". " + s.options().get(i));
        }
        String letter = EgoSchemaChoice.read(prediction, published, s.id()).letter();
        return new SampleScore(s.id(), s.category(), s.id(), letter, gold, letter.equals(gold) ? 1 : 0);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        return Means.accuracyByCategory(scores);
    }
}
