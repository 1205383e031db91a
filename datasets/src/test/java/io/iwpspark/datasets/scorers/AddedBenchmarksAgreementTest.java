package io.iwpspark.datasets.scorers;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SEED-Bench, OCRBench, MMMU and EgoSchema scorers against lmms-eval's task files (and MMMU's
 * eval_utils.py), item by item and on the aggregate; data written by tools/scorers/run_official.py
 * (official_added.py) from the pinned repositories.
 */
class AddedBenchmarksAgreementTest {
    private static String reply(JsonNode c) {
        return c.get("reply").asText();
    }

    private static List<SampleScore> run(OfficialCorpus oc, Scorer scorer, java.util.function.Function<JsonNode, Sample> sample) {
        List<SampleScore> out = new ArrayList<>();
        for (JsonNode c : oc.cases) {
            SampleScore s = scorer.score(reply(c), sample.apply(c));
            JsonNode off = c.get("official");
            if (off.has("parsed")) {
                oc.expect(c, "parsed", off.get("parsed").asText(), s.parsed());
            }
            oc.expect(c, "score", off.get("score").asDouble(), s.score());
            oc.item();
            out.add(s);
        }
        oc.assertAgrees();
        return out;
    }

    private static String id(JsonNode c) {
        return c.has("sample_id") ? c.get("sample_id").asText() : c.get("id").asText();
    }

    private static Sample choice(JsonNode c, List<String> options) {
        return new Sample(id(c), "t", "test", c.path("category").asText(""), MediaKind.IMAGE, List.of(new byte[] {1}), "q?",
                options, List.of(c.get("answer").asText()), AnswerType.MULTIPLE_CHOICE, Map.of(), null);
    }

    @Test
    void seedBenchEqualsLmmsEvalSeedbenchUtils() {
        OfficialCorpus oc = new OfficialCorpus("seedbench");
        SeedBenchScorer sb = new SeedBenchScorer();
        List<SampleScore> s = run(oc, sb, c -> choice(c, OfficialCorpus.strings(c.get("options"))));
        oc.expectAggregate(sb.aggregate(s), k -> k, "", 1e-9);
    }

    @Test
    void ocrBenchEqualsLmmsEvalOcrbenchUtils() {
        OfficialCorpus oc = new OfficialCorpus("ocrbench");
        OcrBenchScorer ob = new OcrBenchScorer();
        List<SampleScore> s = run(oc, ob, c -> new Sample(c.get("id").asText(), "ocrbench", "test", c.get("category").asText(),
                MediaKind.IMAGE, List.of(new byte[] {1}), "q?", List.of(), OfficialCorpus.strings(c.get("answers")),
                AnswerType.SHORT_TEXT, Map.of("dataset", c.get("dataset").asText()), null));
        oc.expectAggregate(ob.aggregate(s), k -> k, "", 1e-9);
    }

    @Test
    void mmmuEqualsLmmsEvalMmmuUtilsWithMmmuEvalOpen() {
        OfficialCorpus oc = new OfficialCorpus("mmmu");
        MmmuScorer mu = new MmmuScorer();
        List<SampleScore> s = run(oc, mu, c -> c.get("kind").asText().equals("open")
                ? new Sample(id(c), "mmmu", "validation", c.get("category").asText(), MediaKind.IMAGE, List.of(new byte[] {1}),
                "q?", List.of(), List.of(c.get("answer").asText()), AnswerType.SHORT_TEXT, Map.of(), null)
                : choice(c, OfficialCorpus.strings(c.get("options"))));
        oc.expectAggregate(mu.aggregate(s), k -> k, "", 0.0005 + 1e-9); // mmmu_aggregate_results rounds to 5 decimals
    }

    @Test
    void egoSchemaEqualsLmmsEvalEgoschemaUtils() {
        OfficialCorpus oc = new OfficialCorpus("egoschema");
        EgoSchemaScorer eg = new EgoSchemaScorer();
        // The harness gave the official code "A. text" options, as published; samples hold the texts.
        List<SampleScore> s = run(oc, eg, c -> choice(c, OfficialCorpus.strings(c.get("options"))));
        oc.expectAggregate(eg.aggregate(s), k -> k, "", 1e-9);
    }
}
