package io.iwpspark.jobs.sweep;

import ai.djl.engine.EngineException;
import io.iwpspark.datasets.benchmarks.BenchmarkDefinition;
import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.Images;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.scorers.SampleScore;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.VisualSettings;
import io.iwpspark.jobs.schema.NamedRow;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.hook.HookOptions;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Pruner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Runs one sample through the model once unpruned and once per configuration, sharing the prefix
 * (vision tower, projector, decoder layers before each configuration's first stage) and, with a batch
 * size above 1, continuing that many configurations together (see Lvlm#generateAll), and scores
 * each prediction with the benchmark's official scorer. Every requested (sample, configuration)
 * yields exactly one row: a prediction or an error naming what failed.
 */
final class SampleEvaluator {
    private final Lvlm model;
    private final BenchmarkRegistry benchmarks;
    private final List<PruningConfig> configs;
    private final List<Pruner> pruners; // built once per partition, in the order of configs
    private final GenerationOptions options;
    private final VisualSettings visual;
    private final long seed;
    private final int batchSize;

    /** @param batchSize configurations of one sample continued as one batch (1 = each alone) */
    SampleEvaluator(Lvlm model, BenchmarkRegistry benchmarks, List<PruningConfig> configs, List<Pruner> pruners,
            GenerationOptions options, VisualSettings visual, long seed, int batchSize) {
        this.model = model;
        this.benchmarks = benchmarks;
        this.configs = List.copyOf(configs);
        this.pruners = List.copyOf(pruners);
        this.options = options;
        this.visual = visual;
        this.seed = seed;
        this.batchSize = batchSize;
    }

    /** Rows for every configuration and both references (unpruned, text-only) whose id is not in {@code done}. */
    List<Row> evaluate(Sample sample, Set<String> done) {
        List<Row> rows = new ArrayList<>();
        if (sample.isError()) {
            return errorRows(sample, done, "sample: " + sample.error());
        }
        BenchmarkDefinition def;
        List<BufferedImage> frames = new ArrayList<>();
        try {
            def = benchmarks.get(sample.benchmark());
            for (int i = 0; i < sample.media().size(); i++) {
                frames.add(Images.decode(sample.media().get(i)));
            }
        } catch (IllegalArgumentException | IOException e) {
            return errorRows(sample, done, "media or benchmark: " + e.getMessage());
        }
        if (frames.isEmpty()) {
            return errorRows(sample, done, "media: the sample has no image or frame");
        }
        String question = def.prompt().render(sample);
        // Pooling is for clips (LLaVA-Video style): a still image keeps its full grid, as the model was trained.
        PrepareOptions prep = PrepareOptions.defaults()
                .withPoolStride(sample.mediaKind() == MediaKind.VIDEO ? visual.poolStride() : 1)
                .withAnyresUnpad(visual.anyresUnpad())
                .withSeed(seed ^ (sample.benchmark() + "/" + sample.id()).hashCode());
        Media media = sample.mediaKind() == MediaKind.VIDEO ? Media.video(frames) : Media.images(frames);
        try (PreparedSample prepared = model.prepare(media, question, prep)) {
            int visual = prepared.visual().count();
            // One request list, so the model may continue them as batches: unpruned first (its text is
            // every row's reference), then text-only, then each configuration whose budget fits.
            List<GenerationRequest> requests = new ArrayList<>();
            requests.add(new GenerationRequest(null, 0, options));
            boolean textOnly = !done.contains(Predictions.TEXT_ONLY);
            if (textOnly) {
                requests.add(new GenerationRequest(TextOnly.PRUNER, 0,
                        options.withPositions(HookOptions.PositionMode.REINDEX).withDualWeightError(false)));
            }
            for (int c = 0; c < configs.size(); c++) {
                if (!done.contains(configs.get(c).id()) && configs.get(c).budget() <= visual) {
                    requests.add(new GenerationRequest(pruners.get(c), configs.get(c).budget(), options));
                }
            }
            List<GenerationOutcome> outcomes = model.generateAll(prepared, requests, batchSize);
            Generation base = outcomes.get(0).get();
            if (!done.contains(Predictions.UNPRUNED)) {
                rows.add(scored(sample, def, base, null, base.text(), visual).build());
            }
            int next = 1;
            if (textOnly) {
                rows.add(textOnly(sample, def, outcomes.get(next++), base.text(), visual));
            }
            for (PruningConfig config : configs) {
                if (done.contains(config.id())) {
                    continue;
                }
                if (config.budget() > visual) {
                    rows.add(error(sample, config, "budget " + config.budget() + " exceeds the " + visual
                            + " visual tokens of this sample").build());
                    continue;
                }
                try {
                    rows.add(scored(sample, def, outcomes.get(next++).get(), config, base.text(), visual).build());
                } catch (IllegalArgumentException | IllegalStateException | EngineException e) {
                    rows.add(error(sample, config, "pruning: " + e.getMessage()).build());
                }
            }
        } catch (IllegalArgumentException | IllegalStateException | EngineException e) {
            return errorRows(sample, done, "model: " + e.getMessage());
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
