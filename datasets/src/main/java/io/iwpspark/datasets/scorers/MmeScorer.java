package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * MME: per subtask, accuracy (percent of questions right) and accuracy+ (percent of images whose
 * questions, two per image, are all right); the subtask score is their sum; perception is the sum
 * over the ten perception subtasks, cognition over the four cognition subtasks, as the official
 * eval_tool/calculation.py process_result (BradyFU/Awesome-Multimodal-Large-Language-Models,
 * Evaluation branch dd29509, tools/eval_tool.zip) and lmms-eval's tasks/mme/utils.py
 * mme_aggregate_results (EvolvingLMMs-Lab/lmms-eval 75571cf) both compute them.
 * Images are grouped by the sample's metadata "image_id" (lmms-lab MME's question_id is the image
 * path). The reply is read by the official parser unless {@link MmeParser#LMMS_EVAL} is chosen; that
 * option names the scorer "mme_lmms_eval_parser" and prefixes every metric "lmms_eval_parser/", so
 * a table shows which reading produced its numbers.
 */
public final class MmeScorer implements Scorer {
    public static final String NAME = "mme";
    public static final Set<String> PERCEPTION = Set.of("existence", "count", "position", "color", "posters",
            "celebrity", "scene", "landmark", "artwork", "OCR");
    public static final Set<String> COGNITION = Set.of("commonsense_reasoning", "numerical_calculation",
            "text_translation", "code_reasoning");

    private final MmeParser parser;
    private final String prefix;

    /** The official parser. */
    public MmeScorer() {
        this(MmeParser.OFFICIAL);
    }

    public MmeScorer(MmeParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.prefix = parser.label().isEmpty() ? "" : parser.label() + "/";
    }

    public MmeParser parser() {
        return parser;
    }

    @Override
    public String name() {
        return parser.label().isEmpty() ? NAME : NAME + "_" + parser.label();
    }

    @Override
    public String primaryMetric() {
        return prefix + "perception";
    }

    @Override
    public SampleScore score(String prediction, Sample s) {
        Scorer.requireScorable(s, name());
        String gold = s.answers().get(0).toLowerCase(Locale.ROOT).strip().replace(".", "");
        if (!gold.equals("yes") && !gold.equals("no")) {
            throw new IllegalArgumentException(name() + ": sample " + s.id() + " answer: expected yes or no but found \""
                    + s.answers().get(0) + "\"");
        }
        if (!PERCEPTION.contains(s.category()) && !COGNITION.contains(s.category())) {
            throw new IllegalArgumentException(name() + ": sample " + s.id() + " category: expected an MME subtask "
                    + new TreeMap<>(Map.of("perception", PERCEPTION.toString(), "cognition", COGNITION.toString()))
                    + " but found \"" + s.category() + "\"");
        }
        String group = s.meta("image_id").isEmpty() ? s.id() : s.meta("image_id");
        String pred = parser.read(prediction);
        return new SampleScore(s.id(), s.category(), group, pred, gold, pred.equals(gold) ? 1 : 0);
    }

    @Override
    public Map<String, Double> aggregate(List<SampleScore> scores) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException(name() + ": expected at least one sample score but found none");
        }
        Map<String, Map<String, List<SampleScore>>> byCat = new TreeMap<>(); // subtask -> image -> questions
        for (SampleScore s : scores) {
            byCat.computeIfAbsent(s.category(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s);
        }
        Map<String, Double> out = new TreeMap<>();
        double perception = 0;
        double cognition = 0;
        for (Map.Entry<String, Map<String, List<SampleScore>>> e : byCat.entrySet()) {
            int questions = 0;
            int right = 0;
            int imagesAllRight = 0;
            for (List<SampleScore> qs : e.getValue().values()) {
                boolean all = true;
                for (SampleScore q : qs) {
                    questions++;
                    right += q.score() == 1 ? 1 : 0;
                    all &= q.score() == 1;
                }
                imagesAllRight += all ? 1 : 0;
            }
            double acc = 100.0 * right / questions;
            double accPlus = 100.0 * imagesAllRight / e.getValue().size();
            out.put(prefix + e.getKey() + "/accuracy", acc);
            out.put(prefix + e.getKey() + "/accuracy_plus", accPlus);
            out.put(prefix + e.getKey() + "/score", acc + accPlus);
            if (PERCEPTION.contains(e.getKey())) {
                perception += acc + accPlus;
            } else {
                cognition += acc + accPlus;
            }
        }
        out.put(prefix + "perception", perception);
        out.put(prefix + "cognition", cognition);
        out.put(prefix + "total", perception + cognition);
        return out;
    }
}
