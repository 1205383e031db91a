package io.iwpspark.jobs.sweep;

import ai.djl.engine.EngineException;
import io.iwpspark.datasets.benchmarks.BenchmarkDefinition;
import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.Images;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.VisualSettings;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.hook.HookOptions;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Pruner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The first half of a sample's evaluation: its media decoded, its prompt rendered, the shared prefix
 * prepared (vision tower, projector, decoder layers before the first stage), and the generations it
 * asks for listed, so that the requests of several samples may be continued together.
 */
final class SamplePreparer {
    /**
     * A prepared sample and its requests (unpruned first, its text being every row's reference; then
     * text-only unless done; then each configuration not done whose budget fits), or, with
     * {@code prepared} null, why the sample failed.
     */
    record Pending(Sample sample, Set<String> done, BenchmarkDefinition def, PreparedSample prepared, int visual,
            boolean textOnly, List<GenerationRequest> requests, String error) {
        static Pending failed(Sample sample, Set<String> done, String error) {
            return new Pending(sample, done, null, null, 0, false, List.of(), error);
        }
    }

    private final Lvlm model;
    private final BenchmarkRegistry benchmarks;
    private final List<PruningConfig> configs;
    private final List<Pruner> pruners;
    private final GenerationOptions options;
    private final VisualSettings visual;
    private final long seed;

    SamplePreparer(Lvlm model, BenchmarkRegistry benchmarks, List<PruningConfig> configs, List<Pruner> pruners,
            GenerationOptions options, VisualSettings visual, long seed) {
        this.model = model;
        this.benchmarks = benchmarks;
        this.configs = configs;
        this.pruners = pruners;
        this.options = options;
        this.visual = visual;
        this.seed = seed;
    }

    /** The sample prepared with its requests (the caller closes {@code prepared}), or its failure. */
    Pending prepare(Sample sample, Set<String> done) {
        if (sample.isError()) {
            return Pending.failed(sample, done, "sample: " + sample.error());
        }
        BenchmarkDefinition def;
        List<BufferedImage> frames = new ArrayList<>();
        try {
            def = benchmarks.get(sample.benchmark());
            for (int i = 0; i < sample.media().size(); i++) {
                frames.add(Images.decode(sample.media().get(i)));
            }
        } catch (IllegalArgumentException | IOException e) {
            return Pending.failed(sample, done, "media or benchmark: " + e.getMessage());
        }
        if (frames.isEmpty()) {
            return Pending.failed(sample, done, "media: the sample has no image or frame");
        }
        String question = def.prompt().render(sample);
        // Pooling is for clips (LLaVA-Video style): a still image keeps its full grid, as the model was trained.
        PrepareOptions prep = PrepareOptions.defaults()
                .withPoolStride(sample.mediaKind() == MediaKind.VIDEO ? visual.poolStride() : 1)
                .withAnyresUnpad(visual.anyresUnpad())
                .withSeed(seed ^ (sample.benchmark() + "/" + sample.id()).hashCode());
        Media media = sample.mediaKind() == MediaKind.VIDEO ? Media.video(frames) : Media.images(frames);
        PreparedSample prepared;
        try {
            prepared = model.prepare(media, question, prep);
        } catch (IllegalArgumentException | IllegalStateException | EngineException e) {
            return Pending.failed(sample, done, "model: " + e.getMessage());
        }
        int count = prepared.visual().count();
        List<GenerationRequest> requests = new ArrayList<>();
        requests.add(new GenerationRequest(null, 0, options));
        boolean textOnly = !done.contains(Predictions.TEXT_ONLY);
        if (textOnly) {
            requests.add(new GenerationRequest(TextOnly.PRUNER, 0,
                    options.withPositions(HookOptions.PositionMode.REINDEX).withDualWeightError(false)));
        }
        for (int c = 0; c < configs.size(); c++) {
            if (!done.contains(configs.get(c).id()) && configs.get(c).budget() <= count) {
                requests.add(new GenerationRequest(pruners.get(c), configs.get(c).budget(), options));
            }
        }
        return new Pending(sample, done, def, prepared, count, textOnly, requests, null);
    }
}
