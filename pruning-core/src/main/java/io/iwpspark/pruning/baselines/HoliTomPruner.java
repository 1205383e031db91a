package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.ParamSpec;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerDescription;
import io.iwpspark.pruning.PrunerFactory;
import io.iwpspark.pruning.PrunerParams;
import io.iwpspark.pruning.Ranking;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import io.iwpspark.pruning.Tensors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HoliTom (cokeshao/HoliTom, commit e9b2972) in two stages, as the official "HoliTom" scripts run it
 * (HOLITOM_k = 18, HOLITOM_r = 0.5): outside the LLM, before the decoder, on the pooled projected frame tokens
 * ({@code visualHidden}) and the vision tower's attention ({@code visionAttention}), the rule of
 * {@link HoliTomSegments}, {@link HoliTomVideo}, {@link HoliTomClusters}, static tokens merged in decoder space
 * ({@link MergeSpace#HIDDEN}); then inside the LLM, before decoder layer {@code innerLayer}, the merge of
 * {@link HoliTomInner} on the hidden states entering that layer and the last prompt token's attention in the layer
 * before ({@link MergeSpace#HIDDEN_IN_PLACE}: kept tokens keep their places and position ids, as officially under
 * the runtime's ORIGINAL position mode, as FastV). {@code inner = false} is the official "HoliTom (w/o M)": the first
 * stage alone.
 *
 * <p>Budget. With the inner stage, B is the average visual tokens per decoder layer, as for the other multi-stage
 * methods (pdrop, sparsevlm): the first keep x and the inner keep round(x (1 - r)) are matched to it
 * ({@link HoliTomInner#schedule}); the official retain ratio of a run is x / N. Without it, B is the tokens
 * entering the decoder. In the first stage the F * gridHeight * gridWidth frame tokens come first; tokens after
 * them (OneVision's image_newline after the last frame) are not pruned. With B' the first keep less those, the
 * official ratio is r = B' / (F S). The official counts (ceil and half-even rounding) need not add up to B', so
 * the difference is settled on the kept tokens: the lowest vision attention ones are dropped (ties: the higher
 * index), or the highest not yet kept are added (ties: the lower index); merged static tokens are dropped from the
 * last only when no kept token is left. When the counts add up to B', the selection is the official one. The
 * inner stage counts every visual token entering it, newline and merged static tokens included, as officially.
 *
 * <p>Deviations, all stated: (1) order: kept tokens come in sequence order, then all windows' static tokens,
 * then the trailing tokens (the official order is per window, static then dynamic, the newline last), so the
 * inner stage sees the same tokens in another order (its ties and fold order follow ours);
 * (2) no 1e-6 density noise ({@link HoliTomClusters}); (3) D = 0 only: the official contextual branch of
 * merge_tokens_by_attention_density (D > 0) raises on every window (its masked_select of the (w, L) positions
 * by a (w, L, 1) mask broadcasts), and D defaults to 0 in every official script; (4) the attention is the
 * float32 mean of the probabilities (the official code casts them to the tower's dtype first);
 * (5) an image, or tokens without a frame grid, is a one-frame video (its top-attention tokens), where the
 * official code applies HoliTom to the video modality only and leaves images whole; (6) the official inner merge
 * reads the layer k - 1 attention of one sample (batch row 0) and its first image; here each sample's own;
 * (7) position ids: the official first stage prunes before the embedding, so the sequence entering the decoder is
 * numbered 0..S'-1, and the inner stage then keeps those ids (gaps where tokens were folded away). The runtime's
 * position mode applies to both stages alike: ORIGINAL keeps the inner stage's rule but leaves the first stage's
 * gaps (its merged rows following the last kept token), REINDEX numbers the first stage as officially but
 * renumbers after the inner stage too.
 */
public final class HoliTomPruner implements Pruner {
    public static final String NAME = "holitom";

    /**
     * @param tau similarity above which a patch is static between consecutive frames (the official T)
     * @param k neighbours in the density of the spatial merge (the official K, capped by the clusters)
     * @param beta weight of a cluster's centre against the mean of its members (the official BETA)
     * @param maxWindow the longest window in frames (the official MAX_WINDOW_SIZE)
     * @param inner whether the inner-LLM merge runs (the official HoliTom; false: HoliTom w/o M)
     * @param innerLayer the decoder layer before which it runs (the official HOLITOM_k)
     * @param innerRatio the share of the visual tokens it folds away (the official HOLITOM_r)
     */
    public record Config(double tau, int k, double beta, int maxWindow, boolean inner, int innerLayer,
            double innerRatio) {
        public Config {
            if (innerLayer < 1) {
                throw new IllegalArgumentException(NAME + " parameter innerLayer must be >= 1, found " + innerLayer);
            }
            if (!(innerRatio >= 0 && innerRatio < 1)) {
                throw new IllegalArgumentException(NAME + " parameter innerRatio must be in [0, 1), found " + innerRatio);
            }
            if (!(tau >= -1 && tau <= 1)) {
                throw new IllegalArgumentException(NAME + " parameter tau must be in [-1, 1], found " + tau);
            }
            if (k < 1) {
                throw new IllegalArgumentException(NAME + " parameter k must be >= 1, found " + k);
            }
            if (!(beta >= 0 && beta <= 1)) {
                throw new IllegalArgumentException(NAME + " parameter beta must be in [0, 1], found " + beta);
            }
            if (maxWindow < 1) {
                throw new IllegalArgumentException(NAME + " parameter maxWindow must be >= 1, found " + maxWindow);
            }
        }

        /** The first stage alone (HoliTom w/o M). */
        public Config(double tau, int k, double beta, int maxWindow) {
            this(tau, k, beta, maxWindow, false, 18, 0.5);
        }
    }

    private final Config config;

    public HoliTomPruner(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return config.inner() ? Set.of(Need.VISUAL_HIDDEN, Need.VISION_ATTENTION, Need.LAST_TOKEN_ATTENTION)
                : Set.of(Need.VISUAL_HIDDEN, Need.VISION_ATTENTION);
    }

    @Override
    public Set<Need> needs(Stage stage) {
        return stage.layer() == 0 ? Set.of(Need.VISUAL_HIDDEN, Need.VISION_ATTENTION)
                : Set.of(Need.VISUAL_HIDDEN, Need.LAST_TOKEN_ATTENTION);
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        if (!config.inner()) {
            return List.of(new Stage(0, budget));
        }
        Picks.requireLayer(NAME, "innerLayer", config.innerLayer(), numLayers);
        int[] keeps = HoliTomInner.schedule(numVisual, budget, numLayers, config.innerLayer(), config.innerRatio());
        return List.of(new Stage(0, keeps[0]), new Stage(config.innerLayer(), keeps[1]));
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        inputs.requireAll(NAME, needs(stage));
        return stage.layer() == 0 ? outer(inputs, stage) : inner(inputs, stage);
    }

    /** The inner-LLM merge ({@link HoliTomInner}) on the visual tokens entering the stage layer. */
    private Selection inner(PruneInputs inputs, Stage stage) {
        int n = inputs.numVisual();
        Picks.requireStage(NAME, stage, n);
        if (stage.keep() == n) {
            return Picks.all(n);
        }
        NDArray hidden = inputs.visualHidden(); // (N, D)
        try (Scratch s = Scratch.over(hidden, inputs.lastTokenAttention())) {
            Tensors.requireFinite("visualHidden", hidden);
            Tensors.requireFinite("lastTokenAttention", inputs.lastTokenAttention());
            int width = (int) hidden.getShape().get(1);
            NDArray h = hidden.toType(DataType.FLOAT32, false);
            int[] top = HoliTomInner.top(inputs.lastTokenAttention().toType(DataType.FLOAT32, false).toFloatArray(),
                    stage.keep());
            int[] rest = Picks.complement(n, top);
            // cosine of each dropped token to each kept one, on the inputs' device: dot / (|a| |b|), as officially
            NDArray kept = h.get(Picks.indices(h.getManager(), top)); // (K, D)
            NDArray other = h.get(Picks.indices(h.getManager(), rest)); // (M, D)
            NDArray sim = other.matMul(kept.transpose()) // (M, K)
                    .div(other.norm(new int[] {1}, true).mul(kept.norm(new int[] {1}, true).transpose()));
            float[] simHost = sim.toFloatArray();
            double[] simWide = new double[simHost.length];
            for (int i = 0; i < simHost.length; i++) {
                simWide[i] = simHost[i];
            }
            HoliTomInner.Result r = HoliTomInner.fold(h.toFloatArray(), width, top, rest, simWide);
            NDArray rows = hidden.getManager().create(r.rows(), new Shape(r.kept().length, width))
                    .toType(hidden.getDataType(), false);
            return new Selection(r.kept(), s.keep(rows, hidden), MergeSpace.HIDDEN_IN_PLACE,
                    Map.of("folded", (double) r.folded()));
        }
    }

    /** The outside-LLM stage before the decoder. */
    private Selection outer(PruneInputs inputs, Stage stage) {
        int n = inputs.numVisual();
        Picks.requireStage(NAME, stage, n);
        if (stage.keep() == n) {
            return Picks.all(n);
        }
        int frames = inputs.frames();
        int patches = inputs.gridHeight() * inputs.gridWidth();
        int tokens = Picks.frameTokens(NAME, inputs);
        int trailing = Math.min(n - tokens, stage.keep());
        int target = stage.keep() - trailing;
        NDArray hidden = inputs.visualHidden(); // (N, D)
        try (Scratch s = Scratch.over(hidden, inputs.visionAttention())) {
            Tensors.requireFinite("visualHidden", hidden);
            Tensors.requireFinite("visionAttention", inputs.visionAttention());
            int width = (int) hidden.getShape().get(1);
            float[] x = hidden.get("0:" + tokens).toType(DataType.FLOAT32, false).toFloatArray();
            float[] attention = inputs.visionAttention().toType(DataType.FLOAT32, false).toFloatArray();
            HoliTomVideo.Result r = HoliTomVideo.reduce(x, Arrays.copyOf(attention, tokens), frames, patches, width,
                    config, (double) target / tokens);
            int[] kept = settle(r.kept(), attention, tokens, target - r.mergedCount());
            int statics = Math.min(r.mergedCount(), target - kept.length);
            NDArray merged = null;
            if (statics + trailing > 0) {
                NDArray stat = hidden.getManager().create(Arrays.copyOf(r.merged(), statics * width), new Shape(statics, width))
                        .toType(hidden.getDataType(), false);
                merged = s.keep(stat.concat(hidden.get(tokens + ":" + (tokens + trailing)), 0), hidden);
            }
            return new Selection(kept, merged, merged == null ? MergeSpace.NONE : MergeSpace.HIDDEN, Map.of(
                    "windows", (double) r.partition().windows().size(), "reduced", r.partition().reduced(),
                    "retain", r.retain(), "static", (double) statics, "settled", (double) (kept.length - r.kept().length)));
        }
    }

    /** {@code kept} (ascending) grown or shrunk by vision attention to {@code want} tokens (at least 0). */
    static int[] settle(int[] kept, float[] attention, int tokens, int want) {
        want = Math.max(0, want);
        if (kept.length == want) {
            return kept;
        }
        float[] score = Arrays.copyOf(attention, tokens);
        if (kept.length > want) { // keep the best `want` of the kept tokens
            boolean[] out = new boolean[tokens];
            Arrays.fill(out, true);
            for (int i : kept) {
                out[i] = false;
            }
            int[] best = Ranking.topK(score, out, want);
            Arrays.sort(best);
            return best;
        }
        boolean[] taken = new boolean[tokens];
        for (int i : kept) {
            taken[i] = true;
        }
        int[] extra = Ranking.topK(score, taken, want - kept.length);
        int[] all = Arrays.copyOf(kept, want);
        System.arraycopy(extra, 0, all, kept.length, extra.length);
        Arrays.sort(all);
        return all;
    }

    /**
     * Parameters, the official defaults: tau (0.8), k (7), beta (0.6), maxWindow (1024), inner (true), innerLayer
     * (18), innerRatio (0.5).
     */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec TAU = ParamSpec.real("tau", 0.8, -1, 1,
                "cosine similarity above which a patch counts as static between consecutive frames (official T; "
                        + "its scripts use 0.65 at a 10% budget)");
        static final ParamSpec K = ParamSpec.integer("k", 7, 1, 4096, "nearest neighbours in the density of the spatial "
                + "merge, capped by the cluster count (official K)");
        static final ParamSpec BETA = ParamSpec.real("beta", 0.6, 0, 1,
                "weight of a cluster centre against the mean of its members (official BETA)");
        static final ParamSpec MAX_WINDOW = ParamSpec.integer("maxWindow", 1024, 1, 1 << 20,
                "the longest temporal window in frames (official MAX_WINDOW_SIZE)");
        static final ParamSpec INNER = ParamSpec.bool("inner", true, "run the inner-LLM merge (official HoliTom); "
                + "false: the stage before the decoder alone (official HoliTom w/o M), the budget then counting the "
                + "tokens entering the decoder");
        static final ParamSpec INNER_LAYER = ParamSpec.integer("innerLayer", 18, 1, 1024,
                "the decoder layer before which the inner merge runs (official HOLITOM_k)");
        static final ParamSpec INNER_RATIO = ParamSpec.real("innerRatio", 0.5, 0, 0.999,
                "share of the visual tokens the inner merge folds into the kept ones (official HOLITOM_r)");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("HoliTom",
                    "before the decoder (layer 0), video frames, static tokens merged in decoder space; then before "
                            + "decoder layer innerLayer (default 18), tokens folded into the kept ones",
                    "Frames are split into windows by a dynamic programme that maximises the tokens saved by patches "
                            + "whose consecutive-frame similarity stays above tau; in each window static patches are "
                            + "averaged over time and merged by density-peak clustering, and every frame keeps its "
                            + "dynamic tokens with the highest vision-tower attention, at a ratio raised by the "
                            + "temporal saving. Inside the LLM, before layer innerLayer, the visual tokens with the most "
                            + "attention from the last prompt token in the layer before are kept (a share 1 - "
                            + "innerRatio) and every other one is averaged, one after another, into its most "
                            + "cosine-similar kept hidden state; kept tokens keep their position ids. With the inner "
                            + "merge the budget is the average of visual tokens over the decoder layers (as pdrop).",
                    "https://github.com/cokeshao/HoliTom",
                    List.of(TAU, K, BETA, MAX_WINDOW, INNER, INNER_LAYER, INNER_RATIO));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new HoliTomPruner(new Config(params.getDouble(TAU), params.getInt(K), params.getDouble(BETA),
                    params.getInt(MAX_WINDOW), params.getBoolean(INNER), params.getInt(INNER_LAYER),
                    params.getDouble(INNER_RATIO)));
        }
    }
}
