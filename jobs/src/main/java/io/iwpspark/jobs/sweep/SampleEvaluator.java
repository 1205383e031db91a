package io.iwpspark.jobs.sweep;

import ai.djl.engine.EngineException;
import io.iwpspark.datasets.benchmarks.BenchmarkDefinition;
import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.scorers.SampleScore;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.VisualSettings;
import io.iwpspark.jobs.schema.NamedRow;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.jobs.sweep.SamplePreparer.Pending;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.SampleRequest;
import io.iwpspark.pruning.Pruner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Runs one sample through the model once unpruned and once per configuration, sharing the prefix
 * (vision tower, projector, decoder layers before each configuration's first stage; see
 * {@link SamplePreparer}) and, with a batch size above 1, continuing that many configurations
 * together, of one sample or of several prepared at once (see Lvlm#generateAll and
 * {@link #evaluateAll}), and scores each prediction with the benchmark's official scorer. Every requested (sample, configuration)
 * yields exactly one row: a prediction or an error naming what failed.
 */
final class SampleEvaluator {
    private final Lvlm model;
    private final List<PruningConfig> configs;
    private final SamplePreparer preparer;
    private final int batchSize;

    /** @param batchSize generations continued as one batch, of one sample or of several (1 = each alone) */
    SampleEvaluator(Lvlm model, BenchmarkRegistry benchmarks, List<PruningConfig> configs, List<Pruner> pruners,
            GenerationOptions options, VisualSettings visual, long seed, int batchSize) {
        this.model = model;
        this.configs = List.copyOf(configs);
        // pruners: built once per partition, in the order of configs
        this.preparer = new SamplePreparer(model, benchmarks, this.configs, List.copyOf(pruners), options, visual, seed);
        this.batchSize = batchSize;
    }

    /** Rows for every configuration and both references (unpruned, text-only) whose id is not in {@code done}. */
    List<Row> evaluate(Sample sample, Set<String> done) {
        return evaluateAll(List.of(sample), List.of(done)).get(0);
    }

    /**
     * The rows of several samples, in their order: each sample is prepared (vision tower, shared
     * prefix) and all are open at once, so that the configurations of all of them continue together,
     * {@code batchSize} generations a batch (see Lvlm#generateAll). A sample that fails (its media,
     * its prompt, the model) gets error rows; the others go on.
     *
     * @param done per sample, the ids already written
     */
    List<List<Row>> evaluateAll(List<Sample> samples, List<Set<String>> done) {
        List<List<Row>> out = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        try {
            for (int k = 0; k < samples.size(); k++) {
                Pending p = preparer.prepare(samples.get(k), done.get(k));
                pending.add(p.prepared() == null ? null : p);
                out.add(p.prepared() == null ? errorRows(samples.get(k), done.get(k), p.error()) : null);
            }
            List<SampleRequest> requests = new ArrayList<>();
            for (Pending p : pending) {
                if (p != null) {
                    p.requests().forEach(r -> requests.add(new SampleRequest(p.prepared(), r)));
                }
            }
            List<GenerationOutcome> outcomes = null;
            String batchError = null;
            try {
                outcomes = model.generateAll(requests, batchSize);
            } catch (IllegalArgumentException | IllegalStateException | EngineException e) {
                batchError = "model: " + e.getMessage();
            }
            int at = 0;
            for (int k = 0; k < samples.size(); k++) {
                Pending p = pending.get(k);
                if (p == null) {
                    continue;
                }
                out.set(k, batchError != null ? errorRows(p.sample(), p.done(), batchError)
                        : rows(p, outcomes.subList(at, at + p.requests().size())));
                at += p.requests().size();
            }
        } finally {
            for (Pending p : pending) {
                if (p != null) {
                    p.prepared().close();
                }
            }
        }
        return out;
    }

    /** One sample's rows from the outcomes of its requests (in the order of {@link Pending#requests}). */
    private List<Row> rows(Pending p, List<GenerationOutcome> outcomes) {
        Sample sample = p.sample();
        List<Row> rows = new ArrayList<>();
        try {
            Generation base = outcomes.get(0).get();
            if (!p.done().contains(Predictions.UNPRUNED)) {
                rows.add(scored(sample, p.def(), base, null, base.text(), p.visual()).build());
            }
            int next = 1;
            if (p.textOnly()) {
                rows.add(textOnly(sample, p.def(), outcomes.get(next++), base.text(), p.visual()));
            }
            for (PruningConfig config : configs) {
                if (p.done().contains(config.id())) {
                    continue;
                }
                if (config.budget() > p.visual()) {
                    rows.add(error(sample, config, "budget " + config.budget() + " exceeds the " + p.visual()
                            + " visual tokens of this sample").build());
                    continue;
                }
                try {
                    rows.add(scored(sample, p.def(), outcomes.get(next++).get(), config, base.text(), p.visual()).build());
                } catch (IllegalArgumentException | IllegalStateException | EngineException e) {
                    rows.add(error(sample, config, "pruning: " + e.getMessage()).build());
                }
            }
        } catch (IllegalArgumentException | IllegalStateException | EngineException e) {
            return errorRows(sample, p.done(), "model: " + e.getMessage());
        }
        return rows;
    }

    /**
     * The text-only reference row: every visual token removed before the decoder and the positions
     * renumbered, so the decoder reads the prompt without its image (what a benchmark answers blind).
     */
    private Row textOnly(Sample sample, BenchmarkDefinition def, GenerationOutcome outcome, String unprunedText,
            int visual) {
        try {
            return scored(sample, def, outcome.get(), null, unprunedText, visual, Predictions.TEXT_ONLY)
                    .set(Predictions.BUDGET, 0).build();
        } catch (IllegalArgumentException | IllegalStateException | EngineException e) {
            return reference(sample, Predictions.TEXT_ONLY).set(Predictions.ERROR, "text-only: " + e.getMessage()).build();
        }
    }

    private NamedRow scored(Sample sample, BenchmarkDefinition def, Generation g, PruningConfig config,
            String unprunedText, int visual) {
        return scored(sample, def, g, config, unprunedText, visual, Predictions.UNPRUNED);
    }

    /** @param reference the reference id when {@code config} is null (unpruned or text-only) */
    private NamedRow scored(Sample sample, BenchmarkDefinition def, Generation g, PruningConfig config,
            String unprunedText, int visual, String reference) {
        SampleScore score = def.scorer().score(g.text(), sample);
        NamedRow r = (config == null ? reference(sample, reference) : identity(sample, config))
                .set(Predictions.PREDICTION, g.text())
                .set(Predictions.SCORE, score.score())
                .set(Predictions.SCORE_GROUP, score.group())
                .set(Predictions.PARSED, score.parsed())
                .set(Predictions.EXPECTED, score.expected())
                .set(Predictions.AGREES, normalise(g.text()).equals(normalise(unprunedText)))
                .set(Predictions.VISUAL_TOKENS_INPUT, visual)
                .setInts(Predictions.TOKENS_PER_LAYER, g.visualTokensPerLayer())
                .set(Predictions.MEAN_VISUAL_TOKENS, g.meanVisualTokens())
                .set(Predictions.PREFILL_FLOPS, g.prefillFlops())
                .set(Predictions.PREFILL_MACS_FASTV, g.prefillMacsFastV())
                .set(Predictions.VISION_FLOPS, g.visionFlops())
                .set(Predictions.DECODE_FLOPS, g.decodeFlops())
                .set(Predictions.DECODE_MACS_FASTV, g.decodeMacsFastV())
                .set(Predictions.PREFILL_MS, g.prefillMs())
                .set(Predictions.DECODE_MS, g.decodeMs())
                .set(Predictions.GENERATED_TOKENS, g.ids().length)
                .set(Predictions.KV_CACHE_BYTES, g.kvCacheBytes())
                .set(Predictions.DUAL_ERROR_EXP, config == null ? 0.0 : meanFinite(g.dualErrorsExp()))
                .set(Predictions.DUAL_ERROR_LINEAR, config == null ? 0.0 : meanFinite(g.dualErrorsLinear()))
                .set(Predictions.SELECTION_MS, g.selectionMs());
        if (config == null) {
            r.set(Predictions.BUDGET, visual);
        }
        return r;
    }

    private List<Row> errorRows(Sample sample, Set<String> done, String reason) {
        List<Row> rows = new ArrayList<>();
        for (String ref : Predictions.REFERENCES) {
            if (!done.contains(ref)) {
                rows.add(reference(sample, ref).set(Predictions.ERROR, reason).build());
            }
        }
        for (PruningConfig c : configs) {
            if (!done.contains(c.id())) {
                rows.add(error(sample, c, reason).build());
            }
        }
        return rows;
    }

    private static NamedRow error(Sample sample, PruningConfig config, String reason) {
        return identity(sample, config).set(Predictions.ERROR, reason);
    }

    private static NamedRow identity(Sample sample, PruningConfig config) {
        if (config == null) {
            return reference(sample, Predictions.UNPRUNED);
        }
        return sampleColumns(sample).set(Predictions.CONFIG_ID, config.id()).set(Predictions.METHOD, config.method())
                .set(Predictions.BUDGET, config.budget()).setMap(Predictions.PARAMS, config.params());
    }

    /** A reference row's identity (unpruned or text-only): its id is also its method. */
    private static NamedRow reference(Sample sample, String id) {
        return sampleColumns(sample).set(Predictions.CONFIG_ID, id).set(Predictions.METHOD, id)
                .setMap(Predictions.PARAMS, Map.of());
    }

    private static NamedRow sampleColumns(Sample sample) {
        return new NamedRow(Predictions.SCHEMA)
                .set(Predictions.SAMPLE_ID, sample.id())
                .set(Predictions.BENCHMARK, sample.benchmark())
                .set(Predictions.SPLIT, sample.split())
                .set(Predictions.CATEGORY, sample.category());
    }

    /** Mean of the stages' errors that were computed (a merged-only stage may have none). */
    private static Double meanFinite(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        return finite.length == 0 ? null : Arrays.stream(finite).average().getAsDouble();
    }

    /** How two answers are compared for agreement: trimmed, lower-cased. */
    static String normalise(String text) {
        return text.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
