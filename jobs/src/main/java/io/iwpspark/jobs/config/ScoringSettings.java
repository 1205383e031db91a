package io.iwpspark.jobs.config;

import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.scorers.MmeParser;
import io.iwpspark.datasets.scorers.MmeScorer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Scoring choices where a benchmark has more than one faithful reading of a reply (sweep key
 * {@code scoring}). They travel with the runtime settings to the executors, where replies are scored.
 *
 * @param mmeParser {@code scoring.mme.parser}: {@code official} (MME's eval_tool/calculation.py, the
 *     default) or {@code lmms_eval} (lmms-eval's tasks/mme/utils.py); see {@link MmeParser}
 */
public record ScoringSettings(MmeParser mmeParser) implements java.io.Serializable {
    public static final ScoringSettings DEFAULT = new ScoringSettings(MmeParser.OFFICIAL);
    /** The values of {@code scoring.mme.parser}, as written in the YAML. */
    public static final Map<String, MmeParser> MME_PARSERS = Map.of("official", MmeParser.OFFICIAL,
            "lmms_eval", MmeParser.LMMS_EVAL);

    public ScoringSettings {
        Objects.requireNonNull(mmeParser, "mmeParser");
    }

    /** The registry's benchmarks, MME scored with the chosen parser. */
    public BenchmarkRegistry apply(BenchmarkRegistry registry) {
        return mmeParser == MmeParser.OFFICIAL ? registry : registry.withScorer(MmeScorer.NAME, new MmeScorer(mmeParser));
    }

    /** Each setting as its YAML key and value, e.g. {@code scoring.mme.parser -> official}; written with the run. */
    public Map<String, String> asKeys() {
        Map<String, String> out = new LinkedHashMap<>();
        MME_PARSERS.forEach((name, p) -> {
            if (p == mmeParser) {
                out.put("scoring.mme.parser", name);
            }
        });
        return out;
    }
}
