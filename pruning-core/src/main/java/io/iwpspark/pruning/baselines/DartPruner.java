package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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
 * DART (ZichenWen1/DART, "duplication-aware reduction of tokens"): before decoder layer K (default 2).
 *
 * <p>Rule, as the official {@code DART.get_retained_image_token} in
 * {@code llava/model/language_model/modeling_llama_self.py} (read in the mirror xqy1111111/DART at d6a5af6;
 * the file last changed in 9fee9fa):
 * keys are flattened over KV groups ((G, N, d) -> (N, G d)); the {@code pivotImage} visual tokens and the
 * {@code pivotText} text tokens with the largest key L1 norm are pivots (official scripts: 4 + 4). Visual
 * pivots are kept. Then, pivot by pivot, the visual tokens not yet kept that are least cosine-similar to the
 * pivot's hidden state are kept. Ties go to the lower index.
 *
 * <p>Pivot order. The official loop walks {@code set(image_positions + text_positions)}, a Python set of
 * absolute sequence positions (visual pivots by descending key norm, then text pivots, inserted in that
 * order). Its order is CPython's hash-table order, not ascending: at LLaVA's positions (visual block from 35)
 * the eight positions sit modulo 32 in a 32-slot table. {@link CPythonIntSet} reproduces that order, which
 * needs {@link PruneInputs#visualStart()}; later pivots choose among what earlier ones left, so the order
 * changes the kept tokens (on the test data, ascending order kept 0 to 27 of 36 to 292 tokens differently).
 * The first published version walked a copy of the set ({@code tmp_set}); for 8 pivots the copy has the
 * same 32-slot table and so the same order.
 *
 * <p>Budget. The official code gives every pivot floor(B' / P) tokens (B' = {@code max_num_trunction},
 * P pivots) and keeps the visual pivots on top, so it returns P_v + P floor(B' / P) tokens. To keep exactly
 * B: the P_v visual pivots count towards B, and the other R = B - P_v tokens are spread over the P pivots,
 * floor(R / P) each, one more for the first R mod P pivots in the official order. With B = P_v + P floor(B' / P)
 * the selection equals the official one (test data {@code dart/selection.txt}, {@code tools/dart_reference.py}).
 *
 * <p>Deviations: the official similarity uses the hidden states after the decoder's final RMSNorm
 * (layer_outputs of layer K-1 passed through {@code self.norm}), ours the hidden states entering layer K
 * ({@link Need#VISUAL_HIDDEN}, {@link Need#TEXT_HIDDEN}); the RMSNorm's per-token scale does not change
 * a cosine, its per-channel weight does. Keys are those of layer K as {@link Need#VISUAL_KV} defines
 * them (the official code reads the keys layer K-1 computed).
 */
public final class DartPruner implements Pruner {
    public static final String NAME = "dart";

    /**
     * @param k stage layer (prune before layer k; official default 2)
     * @param pivotImage visual pivots (official 4)
     * @param pivotText text pivots (official 4)
     */
    public record Config(int k, int pivotImage, int pivotText) {
        public Config {
            if (k < 1) {
                throw new IllegalArgumentException(NAME + " parameter k must be >= 1, found " + k);
            }
            if (pivotImage < 0 || pivotText < 0 || pivotImage + pivotText < 1) {
                throw new IllegalArgumentException(NAME + " parameters pivotImage and pivotText must be >= 0 with a "
                        + "positive sum, found " + pivotImage + " and " + pivotText);
            }
        }
    }

    private final Config config;

    public DartPruner(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.VISUAL_KV, Need.TEXT_KEYS, Need.VISUAL_HIDDEN, Need.TEXT_HIDDEN);
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        Picks.requireLayer(NAME, "k", config.k(), numLayers);
        return List.of(new Stage(config.k(), budget));
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        inputs.requireAll(NAME, needs());
        int n = inputs.numVisual();
        Picks.requireStage(NAME, stage, n);
        if (stage.keep() == n) {
            return Picks.all(n);
        }
        int t = (int) inputs.textHidden().getShape().get(0);
        if (inputs.textKeys().getShape().get(1) != t) {
            throw new IllegalArgumentException(NAME + ": textKeys has " + inputs.textKeys().getShape().get(1)
                    + " text tokens but textHidden has " + t);
        }
        try (Scratch s = Scratch.over(inputs.keys(), inputs.textKeys(), inputs.visualHidden(), inputs.textHidden())) {
            Tensors.requireFinite("keys", inputs.keys());
            Tensors.requireFinite("textKeys", inputs.textKeys());
            Tensors.requireFinite("visualHidden", inputs.visualHidden());
            Tensors.requireFinite("textHidden", inputs.textHidden());
            int pv = Math.min(config.pivotImage(), stage.keep());
            int pt = Math.min(config.pivotText(), t);
            if (pv + pt == 0) {
                throw new IllegalArgumentException(NAME + ": no pivots (pivotImage " + config.pivotImage()
                        + ", text tokens in textHidden " + t + ")");
            }
            int[] visualPivots = Ranking.topK(keyNorms(inputs.keys()), null, pv); // descending key norm
            int[] textPivots = Ranking.topK(keyNorms(inputs.textKeys()), null, pt);
            int[] order = DartPivotOrder.official(inputs.visualStart(), n, visualPivots, textPivots); // P rows
            NDArray visual = Picks.unitRows(inputs.visualHidden().toType(DataType.FLOAT32, false)); // (N, D)
            NDArray text = Picks.unitRows(inputs.textHidden().toType(DataType.FLOAT32, false)); // (T, D)
            NDArray pivotVectors = visual.get(Picks.indices(visual.getManager(), visualPivots))
                    .concat(text.get(Picks.indices(text.getManager(), textPivots))) // (P, D), visual first
                    .get(Picks.indices(visual.getManager(), order)); // (P, D) in the official order
            // negated cosine: the least similar tokens score highest
            float[] score = pivotVectors.matMul(visual.transpose()).neg().toFloatArray(); // (P, N) row-major
            return Selection.of(spread(score, n, visualPivots, pv + pt, stage.keep()), Map.of("pivots", (double) (pv + pt)));
        }
    }

    /** (M): the L1 norm of each token's keys over groups and channels. keys: (G, M, d). */
    private static float[] keyNorms(NDArray keys) {
        return keys.abs().sum(new int[] {0, 2}).toFloatArray();
    }

    /** Visual pivots plus each pivot's quota of least similar tokens; score is (P, N) row-major. */
    static int[] spread(float[] score, int n, int[] visualPivots, int p, int budget) {
        boolean[] taken = new boolean[n];
        int[] kept = new int[budget];
        int m = 0;
        for (int v : visualPivots) {
            taken[v] = true;
            kept[m++] = v;
        }
        int rest = budget - visualPivots.length;
        for (int q = 0; q < p; q++) {
            int quota = rest / p + (q < rest % p ? 1 : 0);
            float[] row = Arrays.copyOfRange(score, q * n, (q + 1) * n);
            for (int i : Ranking.topK(row, taken, quota)) {
                taken[i] = true;
                kept[m++] = i;
            }
        }
        return kept;
    }

    /** Parameters: k (default 2), pivotImage (default 4), pivotText (default 4). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec K = ParamSpec.integer("k", 2, 1, 1024, "the decoder layer before which tokens are pruned");
        static final ParamSpec PIVOT_IMAGE = ParamSpec.integer("pivotImage", 4, 0, 1024, "visual pivots (official 4)");
        static final ParamSpec PIVOT_TEXT = ParamSpec.integer("pivotText", 4, 0, 1024, "text pivots (official 4)");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("DART (duplication-aware reduction of tokens)",
                    "before decoder layer k (default 2)",
                    "Pivots are the visual and text tokens with the largest key L1 norm; visual pivots are kept. Pivot by "
                            + "pivot, in the official code's order (CPython's iteration order of the set of their absolute "
                            + "positions), the visual tokens least cosine-similar to the pivot's hidden state are kept.",
                    "https://github.com/ZichenWen1/DART",
                    List.of(K, PIVOT_IMAGE, PIVOT_TEXT));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new DartPruner(new Config(params.getInt(K), params.getInt(PIVOT_IMAGE), params.getInt(PIVOT_TEXT)));
        }
    }
}
