package io.iwpspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.scorers.MmeParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key scoring.mme.parser: read strictly, carried in the runtime settings, and choosing MME's scorer. */
class ScoringConfigTest {
    private static final String GOOD = "model: m\nsamples: s\noutput: o\nmethods: [random]\nbudgets: [8]\n";

    @TempDir
    Path dir;

    private SweepConfig read(String yaml, Map<String, String> set) throws Exception {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, yaml);
        return SweepConfigReader.read(f, dir, set);
    }

    private String refused(String yaml) {
        return assertThrows(ConfigException.class, () -> read(yaml, Map.of())).getMessage();
    }

    @Test
    void officialByDefaultLmmsEvalByNameFromTheFileOrSet() throws Exception {
        assertEquals(ScoringSettings.DEFAULT, read(GOOD, Map.of()).scoring());
        assertEquals(MmeParser.OFFICIAL, read(GOOD + "scoring: {mme: {parser: official}}\n", Map.of()).scoring().mmeParser());
        SweepConfig c = read(GOOD + "scoring:\n  mme:\n    parser: lmms_eval\n", Map.of());
        assertEquals(MmeParser.LMMS_EVAL, c.scoring().mmeParser());
        assertEquals(MmeParser.LMMS_EVAL, c.runtime().scoring().mmeParser(), "travels to the executors with the runtime");
        assertEquals(Map.of("scoring.mme.parser", "lmms_eval"), c.scoring().asKeys());
        assertEquals(MmeParser.LMMS_EVAL, read(GOOD, Map.of("scoring.mme.parser", "lmms_eval")).scoring().mmeParser());
    }

    @Test
    void badValuesAreRefusedNamingKeyValueAndAllowed() {
        assertTrue(refused(GOOD + "scoring: {mme: {parser: lmms}}\n")
                .endsWith("scoring.mme.parser must be one of [lmms_eval, official], found \"lmms\""), refused(GOOD + "scoring: {mme: {parser: lmms}}\n"));
        assertTrue(refused(GOOD + "scoring: {mme: {parser: [official]}}\n")
                .endsWith("scoring.mme.parser must be a single value, found [\"official\"]"));
        assertTrue(refused(GOOD + "scoring: {pope: {parser: official}}\n")
                .endsWith("unknown key(s) [scoring.pope]; expected some of [mme]"));
        assertTrue(refused(GOOD + "scoring: {mme: {parse: official}}\n")
                .endsWith("unknown key(s) [scoring.mme.parse]; expected some of [parser]"));
        assertTrue(refused(GOOD + "scoring: lmms_eval\n").endsWith("scoring must be a mapping of [mme], found \"lmms_eval\""));
    }

    @Test
    void theChosenParserScoresMmeAndNamesItsMetricsOtherBenchmarksUntouched() {
        BenchmarkRegistry base = BenchmarkRegistry.load();
        BenchmarkRegistry lmms = new ScoringSettings(MmeParser.LMMS_EVAL).apply(base);
        assertSame(base, ScoringSettings.DEFAULT.apply(base));
        Sample s = new Sample("existence/1.jpg#yes", "mme", "test", "existence", MediaKind.IMAGE, List.of(new byte[] {1}),
                "Is there a dog?", List.of(), List.of("Yes"), AnswerType.YES_NO, Map.of("image_id", "existence/1.jpg"), null);
        // "Y" is "other" for calculation.py, "yes" for lmms-eval's parse_pred_ans (a single y / n).
        assertEquals(0.0, base.get("mme").scorer().score("Y", s).score());
        assertEquals(1.0, lmms.get("mme").scorer().score("Y", s).score());
        assertEquals("lmms_eval_parser/perception", lmms.get("mme").scorer().primaryMetric());
        assertEquals("perception", base.get("mme").scorer().primaryMetric());
        assertSame(base.get("pope"), lmms.get("pope"));
    }
}
