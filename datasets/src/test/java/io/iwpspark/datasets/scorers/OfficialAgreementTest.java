package io.iwpspark.datasets.scorers;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Our scorers against each benchmark's official scoring code, item by item and on the aggregate,
 * over our own corpus of tricky replies (inputs and official outputs: src/test/resources/scorers,
 * made by tools/scorers/run_official.py from the pinned official repositories).
 */
class OfficialAgreementTest {
    private static final UnaryOperator<String> SAME = k -> k;

    private static String reply(JsonNode c) {
        return c.get("reply").asText();
    }

    private static List<SampleScore> run(OfficialCorpus oc, Scorer scorer, java.util.function.Function<JsonNode, Sample> sample,
                                         boolean compareParsed) {
        List<SampleScore> out = new ArrayList<>();
        for (JsonNode c : oc.cases) {
            SampleScore s = scorer.score(reply(c), sample.apply(c));
            JsonNode off = c.get("official");
            if (compareParsed) {
                oc.expect(c, "parsed", off.get("parsed").asText(), s.parsed());
            }
            oc.expect(c, "score", off.get("score").asDouble(), s.score());
            oc.item();
            out.add(s);
        }
        return out;
    }

    private static Sample yesNo(JsonNode c) {
        return Samples.yesNo(c.get("id").asText(), c.get("category").asText(), c.get("answer").asText(),
                c.has("group") ? Map.of("image_id", c.get("group").asText()) : Map.of());
    }

    private static Sample choice(JsonNode c) {
        return Samples.choice(c.get("id").asText(), c.get("category").asText(), OfficialCorpus.strings(c.get("options")),
                c.get("answer").asText(), c.has("group") ? Map.of("circular_group", c.get("group").asText()) : Map.of());
    }

    private static Sample open(JsonNode c) {
        List<String> answers = c.has("answers") ? OfficialCorpus.strings(c.get("answers")) : List.of(c.get("answer").asText());
        return Samples.open(c.get("id").asText(), c.get("category").asText(), answers);
    }

    @Test
    void popeEqualsLlavaEvalPope() {
        OfficialCorpus oc = new OfficialCorpus("pope");
        PopeScorer pope = new PopeScorer();
        List<SampleScore> s = run(oc, pope, OfficialAgreementTest::yesNo, true);
        oc.assertAgrees();
        oc.expectAggregate(pope.aggregate(s), SAME, "", 1e-9);
    }

    @Test
    void scienceQaEqualsLlavaEvalScienceQa() {
        OfficialCorpus oc = new OfficialCorpus("scienceqa_img");
        MultipleChoiceScorer sqa = new MultipleChoiceScorer("scienceqa_img", MultipleChoiceScorer.Reading.SCIENCE_QA);
        List<SampleScore> s = run(oc, sqa, OfficialAgreementTest::choice, true);
        oc.assertAgrees();
        oc.expectAggregate(sqa.aggregate(s), SAME, "accuracy", 1e-9);
    }

    @Test
    void mmbenchEqualsVlmEvalKitCircularExactMatching() {
        OfficialCorpus oc = new OfficialCorpus("mmbench");
        CircularScorer mmb = new CircularScorer("mmbench_en");
        List<SampleScore> s = run(oc, mmb, OfficialAgreementTest::choice, true);
        oc.assertAgrees();
        oc.expectAggregate(mmb.aggregate(s), SAME, "", 1e-9);
    }

    @Test
    void mvBenchEqualsLmmsEvalMcqAcc() {
        OfficialCorpus oc = new OfficialCorpus("mvbench");
        MultipleChoiceScorer mv = new MultipleChoiceScorer("mvbench", MultipleChoiceScorer.Reading.MVBENCH);
        List<SampleScore> scores = new ArrayList<>();
        for (JsonNode c : oc.cases) {
            SampleScore s = mv.score(reply(c), choice(c));
            JsonNode off = c.get("official");
            String letter = off.get("letter").asText();
            oc.expect(c, "parsed", letter.isEmpty() ? reply(c) : letter, s.parsed());
            oc.expect(c, "answered", off.get("answered").asBoolean(), !s.parsed().isEmpty());
            oc.expect(c, "score", off.get("score").asDouble(), s.score());
            oc.item();
            scores.add(s);
        }
        oc.assertAgrees();
        oc.expectAggregate(mv.aggregate(scores), SAME, "accuracy", 1e-9);
    }

    @Test
    void videoMmeEqualsItsExtractCharactersRegex() {
        OfficialCorpus oc = new OfficialCorpus("videomme");
        MultipleChoiceScorer vm = new MultipleChoiceScorer("videomme", MultipleChoiceScorer.Reading.VIDEO_MME);
        List<SampleScore> s = run(oc, vm, OfficialAgreementTest::choice, true);
        for (int i = 0; i < s.size(); i++) { // Video-MME's own eval_your_results.py reads the same letters
            JsonNode c = oc.cases.get(i);
            oc.expect(c, "parsed by eval_your_results.py", c.get("official").get("parsed_own").asText(), s.get(i).parsed());
        }
        oc.assertAgrees();
        Map<String, Double> mine = vm.aggregate(s);
        oc.expectAggregate(mine, SAME, "accuracy", 1e-9);
        // eval_your_results.py prints one decimal.
        oc.expectAggregate(mine, k -> "answered_accuracy", "answered_accuracy_1dp", 0.05 + 1e-9);
    }

    @Test
    void gqaEqualsConvertGqaForEval() {
        OfficialCorpus oc = new OfficialCorpus("gqa");
        ExactMatch gqa = ExactMatch.gqa("gqa");
        List<SampleScore> s = run(oc, gqa, OfficialAgreementTest::open, true);
        oc.assertAgrees();
        oc.expectAggregate(gqa.aggregate(s), SAME, "accuracy", 1e-9);
    }

    @Test
    void evalAiExactMatchEqualsTheProcessorOnBothSides() {
        OfficialCorpus oc = new OfficialCorpus("exact_match_evalai");
        ExactMatch em = ExactMatch.normalised("shapes_vqa");
        List<SampleScore> s = run(oc, em, OfficialAgreementTest::open, true);
        oc.assertAgrees();
        oc.expectAggregate(em.aggregate(s), SAME, "accuracy", 1e-9);
    }

    @Test
    void textVqaEqualsM4cEvaluator() {
        OfficialCorpus oc = new OfficialCorpus("textvqa");
        VqaAccuracy tv = new VqaAccuracy("textvqa", VqaAccuracy.References.TEXTVQA);
        List<SampleScore> s = run(oc, tv, OfficialAgreementTest::open, true);
        oc.assertAgrees();
        oc.expectAggregate(tv.aggregate(s), SAME, "accuracy", 1e-9);
    }

    @Test
    void vqav2EqualsLlavaSubmissionThenVqaEval() {
        OfficialCorpus oc = new OfficialCorpus("vqav2");
        VqaAccuracy vqa = new VqaAccuracy("vqav2", VqaAccuracy.References.VQAV2);
        List<SampleScore> scores = new ArrayList<>();
        for (JsonNode c : oc.cases) {
            SampleScore s = vqa.score(reply(c), open(c));
            JsonNode off = c.get("official");
            oc.expect(c, "submitted", off.get("parsed").asText(), EvalAiAnswer.normalise(PyStr.strip(reply(c))));
            // vqaEval.py keeps round(100 * acc, 2) per question.
            oc.expect(c, "score_percent", off.get("score_percent").asDouble(), Math.round(100 * s.score() * 100) / 100.0);
            oc.item();
            scores.add(s);
        }
        oc.assertAgrees();
        oc.expectAggregate(vqa.aggregate(scores), SAME, "", 0.005 + 1e-9); // vqaEval rounds to 2 decimals
    }

    @Test
    void mmeEqualsCalculationPyByDefaultAndLmmsEvalAsTheOption() {
        OfficialCorpus oc = new OfficialCorpus("mme");
        MmeScorer official = new MmeScorer();
        MmeScorer lmms = new MmeScorer(MmeParser.LMMS_EVAL);
        List<SampleScore> inOfficialAggregate = new ArrayList<>();
        List<SampleScore> all = new ArrayList<>();
        for (JsonNode c : oc.cases) {
            SampleScore o = official.score(reply(c), yesNo(c));
            SampleScore l = lmms.score(reply(c), yesNo(c));
            for (String[] k : new String[][] {{"official", o.parsed(), "" + o.score()}, {"lmms_eval", l.parsed(), "" + l.score()}}) {
                oc.expect(c, k[0] + " parsed", c.get(k[0]).get("parsed").asText(), k[1]);
                oc.expect(c, k[0] + " score", c.get(k[0]).get("score").asDouble(), Double.parseDouble(k[2]));
            }
            oc.item();
            if (c.get("in_official_aggregate").asBoolean()) {
                inOfficialAggregate.add(o);
            }
            all.add(l);
        }
        oc.assertAgrees();
        oc.expectAggregate(official.aggregate(inOfficialAggregate), k -> k.substring("official/".length()), "official/", 1e-9);
        oc.expectAggregate(lmms.aggregate(all), k -> "lmms_eval_parser/" + k.substring("lmms_eval/".length()), "lmms_eval/", 1e-9);
    }
}
