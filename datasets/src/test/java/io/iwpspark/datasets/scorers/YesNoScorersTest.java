package io.iwpspark.datasets.scorers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YesNoScorersTest {
    @Test
    void popeParsingFollowsLlava() {
        assertEquals("no", YesNo.pope("No, there is not."));
        assertEquals("no", YesNo.pope("There is not a dog in the image."));
        assertEquals("no", YesNo.pope("no"));
        assertEquals("yes", YesNo.pope("Yes, there is a dog."));
        assertEquals("yes", YesNo.pope("Yes. There is no cat."), "only the first sentence counts");
        assertEquals("yes", YesNo.pope("NO"), "LLaVA matches No/no/not only");
        assertEquals("yes", YesNo.pope("Nope"));
        assertEquals("yes", YesNo.pope(""));
    }

    @Test
    void popeMetricsPerSplitMatchHandCounts() {
        PopeScorer pope = new PopeScorer();
        List<SampleScore> s = new ArrayList<>();
        // random split: labels yes,yes,no,no; predictions yes,no,yes,no -> TP1 FN1 FP1 TN1.
        String[][] random = {{"yes", "Yes"}, {"yes", "No, there is not."}, {"no", "Yes"}, {"no", "no"}};
        // adversarial split: labels yes,yes,yes,no; predictions yes,yes,no,yes -> TP2 FN1 FP1.
        String[][] adv = {{"yes", "Yes"}, {"yes", "yes"}, {"yes", "not"}, {"no", "yes"}};
        for (int i = 0; i < 4; i++) {
            s.add(pope.score(random[i][1], Samples.yesNo("r" + i, "random", random[i][0], Map.of())));
            s.add(pope.score(adv[i][1], Samples.yesNo("a" + i, "adversarial", adv[i][0], Map.of())));
        }
        Map<String, Double> m = pope.aggregate(s);
        assertEquals(50.0, m.get("random/accuracy"), 1e-9);
        assertEquals(50.0, m.get("random/precision"), 1e-9);
        assertEquals(50.0, m.get("random/recall"), 1e-9);
        assertEquals(50.0, m.get("random/f1"), 1e-9);
        assertEquals(50.0, m.get("random/yes_ratio"), 1e-9);
        assertEquals(50.0, m.get("adversarial/accuracy"), 1e-9);
        assertEquals(100.0 * 2 / 3, m.get("adversarial/precision"), 1e-9);
        assertEquals(100.0 * 2 / 3, m.get("adversarial/recall"), 1e-9);
        assertEquals(100.0 * 2 / 3, m.get("adversarial/f1"), 1e-9);
        assertEquals(75.0, m.get("adversarial/yes_ratio"), 1e-9);
        assertEquals((50.0 + 200.0 / 3) / 2, m.get("f1"), 1e-9);
    }

    @Test
    void popeRejectsANonYesNoLabel() {
        assertThrows(IllegalArgumentException.class,
                () -> new PopeScorer().score("yes", Samples.yesNo("x", "random", "maybe", Map.of())));
    }

    @Test
    void mmeParsingFollowsTheOfficialRuleByDefault() {
        assertEquals("yes", YesNo.mmeOfficial("Yes."));
        assertEquals("no", YesNo.mmeOfficial(" No, it is not"));
        assertEquals("other", YesNo.mmeOfficial("y"), "calculation.py has no one-letter rule");
        assertEquals("other", YesNo.mmeOfficial("N."));
        assertEquals("other", YesNo.mmeOfficial("...yes"), "periods are not removed");
        assertEquals("other", YesNo.mmeOfficial("The answer is yes"), "yes must be within the first four characters");
        assertEquals("no", YesNo.mmeOfficial("not sure"));
    }

    @Test
    void mmeLmmsEvalParserIsANamedOption() {
        assertEquals("yes", YesNo.mmeLmmsEval("y"));
        assertEquals("no", YesNo.mmeLmmsEval("N."));
        assertEquals("yes", YesNo.mmeLmmsEval("...yes"));
        MmeScorer lmms = new MmeScorer(MmeParser.LMMS_EVAL);
        assertEquals("mme_lmms_eval_parser", lmms.name());
        assertEquals("lmms_eval_parser/perception", lmms.primaryMetric());
        assertEquals("mme", new MmeScorer().name());
        assertEquals("perception", new MmeScorer().primaryMetric());
        SampleScore s = lmms.score("y", Samples.yesNo("e", "existence", "Yes", Map.of("image_id", "e/1.png")));
        assertEquals(1.0, s.score());
        assertEquals(100.0, lmms.aggregate(List.of(s)).get("lmms_eval_parser/existence/accuracy"), 1e-9);
    }

    @Test
    void mmeAccuracyPlusNeedsBothQuestionsOfAnImage() {
        MmeScorer mme = new MmeScorer();
        List<SampleScore> s = new ArrayList<>();
        // existence: image 1 both right, image 2 one right -> acc 75, acc+ 50, score 125.
        s.add(mme.score("Yes", Samples.yesNo("e1a", "existence", "Yes", Map.of("image_id", "existence/1.png"))));
        s.add(mme.score("No", Samples.yesNo("e1b", "existence", "No", Map.of("image_id", "existence/1.png"))));
        s.add(mme.score("Yes", Samples.yesNo("e2a", "existence", "Yes", Map.of("image_id", "existence/2.png"))));
        s.add(mme.score("Yes", Samples.yesNo("e2b", "existence", "No", Map.of("image_id", "existence/2.png"))));
        // count: one image, both right -> 200. code_reasoning: both wrong -> 0.
        s.add(mme.score("yes", Samples.yesNo("c1a", "count", "Yes", Map.of("image_id", "count/1.png"))));
        s.add(mme.score("no", Samples.yesNo("c1b", "count", "No", Map.of("image_id", "count/1.png"))));
        s.add(mme.score("no", Samples.yesNo("k1a", "code_reasoning", "Yes", Map.of("image_id", "code/1.png"))));
        s.add(mme.score("yes", Samples.yesNo("k1b", "code_reasoning", "No", Map.of("image_id", "code/1.png"))));
        Map<String, Double> m = mme.aggregate(s);
        assertEquals(75.0, m.get("existence/accuracy"), 1e-9);
        assertEquals(50.0, m.get("existence/accuracy_plus"), 1e-9);
        assertEquals(125.0, m.get("existence/score"), 1e-9);
        assertEquals(200.0, m.get("count/score"), 1e-9);
        assertEquals(325.0, m.get("perception"), 1e-9);
        assertEquals(0.0, m.get("cognition"), 1e-9);
    }

    @Test
    void mmeRejectsAnUnknownSubtask() {
        assertThrows(IllegalArgumentException.class,
                () -> new MmeScorer().score("yes", Samples.yesNo("x", "weather", "Yes", Map.of())));
    }

    @Test
    void gqaExactMatchStripsTrailingPeriodsAndCase() {
        ExactMatch gqa = ExactMatch.gqa("gqa");
        assertEquals(1.0, gqa.score("Table.", Samples.open("a", "", List.of("table"))).score());
        assertEquals(0.0, gqa.score("the table", Samples.open("b", "", List.of("table"))).score());
        assertEquals(1.0, ExactMatch.normalised("shapes").score("Two.", Samples.open("c", "", List.of("2"))).score());
    }
}
