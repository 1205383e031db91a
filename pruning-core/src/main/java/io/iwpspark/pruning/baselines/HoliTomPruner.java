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
 * HoliTom (cokeshao/HoliTom, commit e9b2972), outside the LLM ("HoliTom (w/o M)" of the official scripts):
 * before the decoder, on the pooled projected frame tokens ({@code visualHidden}) and the vision tower's
 * attention ({@code visionAttention}); the rule is {@link HoliTomSegments}, {@link HoliTomVideo},
 * {@link HoliTomClusters}. The static tokens are merged in decoder space ({@link MergeSpace#HIDDEN}).
 *
 * <p>Budget. The F * gridHeight * gridWidth frame tokens come first; tokens after them (OneVision's
 * image_newline after the last frame) are not pruned. With B the budget less those, the official ratio is
 * r = B / (F S). The official counts (ceil and half-even rounding) need not add up to B, so the difference
 * is settled on the kept tokens: the lowest vision attention ones are dropped (ties: the higher index), or
 * the highest not yet kept are added (ties: the lower index); merged static tokens are dropped from the last
 * only when no kept token is left. When the counts add up to B, the selection is the official one.
 *
 * <p>Deviations, all stated: (1) order: kept tokens come in sequence order, then all windows' static tokens,
 * then the trailing tokens (the official order is per window, static then dynamic, the newline last);
 * (2) the inner-LLM merge of the official "HoliTom" (holitom/modeling_qwen2.py, on when HOLITOM_k and HOLITOM_r
 * are set, 18 and 0.5 in its scripts) is left out: before decoder layer k it keeps the round(L (1 - r)) visual
 * tokens (the newline included in L) with the most attention from the last prompt token in layer k - 1 (mean over
 * heads), folds every other token, one after another, into its most cosine-similar kept token as (a + b) / 2, and
 * keeps the original position ids; here budgets count the tokens entering the decoder;
 * (3) no 1e-6 density noise ({@link HoliTomClusters}); (4) D = 0 only: the official contextual branch of
 * merge_tokens_by_attention_density (D > 0) raises on every window (its masked_select of the (w, L) positions
 * by a (w, L, 1) mask broadcasts), and D defaults to 0 in every official script; (5) the attention is the
 * float32 mean of the probabilities (the official code casts them to the tower's dtype first);
 * (6) an image, or tokens without a frame grid, is a one-frame video (its top-attention tokens), where the
 * official code applies HoliTom to the video modality only and leaves images whole.
 */
public final class HoliTomPruner implements Pruner {
    public static final String NAME = "holitom";

    /**
     * @param tau similarity above which a patch is static between consecutive frames (the official T)
     * @param k neighbours in the density of the spatial merge (the official K, capped by the clusters)
     * @param beta weight of a cluster's centre against the mean of its members (the official BETA)
     * @param maxWindow the longest window in frames (the official MAX_WINDOW_SIZE)
     */
    public record Config(double tau, int k, double beta, int maxWindow) {
        public Config {
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
        return Set.of(Need.VISUAL_HIDDEN, Need.VISION_ATTENTION);
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        return List.of(new Stage(0, budget));
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        inputs.requireAll(NAME, needs());
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

    /** Parameters: tau (0.8), k (7), beta (0.6), maxWindow (1024), the official defaults. */
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

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("HoliTom (outside the LLM, w/o the inner merge)",
                    "before the decoder (layer 0), video frames; static tokens merged in decoder space",
                    "Frames are split into windows by a dynamic programme that maximises the tokens saved by patches "
                            + "whose consecutive-frame similarity stays above tau; in each window static patches are "
                            + "averaged over time and merged by density-peak clustering, and every frame keeps its "
                            + "dynamic tokens with the highest vision-tower attention, at a ratio raised by the "
                            + "temporal saving.",
                    "https://github.com/cokeshao/HoliTom",
                    List.of(TAU, K, BETA, MAX_WINDOW));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new HoliTomPruner(new Config(params.getDouble(TAU), params.getInt(K), params.getDouble(BETA),
                    params.getInt(MAX_WINDOW)));
        }
    }
}
