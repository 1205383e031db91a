package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Letters;
import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rotations of a multiple-choice question for circular evaluation, as LLaVA's
 * llava/eval/model_vqa_mmbench.py --all-rounds (haotian-liu/LLaVA c121f04) asks them: rotation k moves the first k options to the end
 * (letters stay A, B, ...), so the right letter moves with its option.
 */
public final class CircularRotations {
    /** Rotation k of sample "q" has id "q#r" + k. */
    public static final String SUFFIX = "#r";

    private CircularRotations() {
    }

    public static List<Sample> expand(Sample s) {
        if (s.isError() || s.options().size() < 2) {
            throw new IllegalArgumentException("circular rotations: sample " + s.id()
                    + " expected a readable question with at least 2 options but found "
                    + (s.isError() ? "an error row" : s.options().size() + " option(s)"));
        }
        int n = s.options().size();
        List<Sample> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            List<String> opts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                opts.add(s.options().get((i + k) % n));
            }
            List<String> answers = new ArrayList<>();
            for (String a : s.answers()) {
                answers.add(Letters.of(Math.floorMod(Letters.index(a) - k, n)));
            }
            Map<String, String> meta = new HashMap<>(s.metadata());
            meta.put("circular_group", s.id());
            meta.put("rotation", Integer.toString(k));
            out.add(new Sample(s.id() + SUFFIX + k, s.benchmark(), s.split(), s.category(), s.mediaKind(), s.media(),
                    s.question(), opts, answers, s.answerType(), meta, null));
        }
        return out;
    }
}
