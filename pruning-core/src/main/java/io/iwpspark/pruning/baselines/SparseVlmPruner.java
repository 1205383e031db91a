package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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
 * SparseVLM (Gumpest/SparseVLMs, version 1.0): text-guided pruning at three decoder layers with
 * recycling of the deleted tokens.
 *
 * <p>Raters: M = softmax over text tokens of V T^T (visual hidden states against text hidden states,
 * (N, T)), averaged over visual tokens; the text tokens whose mean exceeds the mean over text tokens
 * rate the visual tokens (all of them if none does). Score of a visual token: its attention from the
 * raters (mean over heads in the previous layer), averaged over raters. The top k are kept. Recycling:
 * of the N - k deleted tokens, the floor(0.3 (N - k)) + 1 with the highest score are clustered by
 * density peaks ({@link DensityPeaks}) into floor(that / 10) + 1 merged tokens, which are returned in
 * {@link MergeSpace#HIDDEN} (the hidden states entering the stage layer).
 *
 * <p>Stages. The official {@code pruning_loc} 2, 6, 15 (of 32) name the layers whose output is pruned, so
 * the stages are before layers 3, 7, 16: l_i = 1 + round(p_i L / 32), pushed up to ascend strictly. The
 * stage keep counts kept + merged tokens; k is the largest count with k + clusters(k) = keep.
 *
 * <p>Budget: matched average ({@link LayerSchedule}), with the shape of the official keep list for the
 * budget nearest to B 576 / N among 64: (66, 30, 17), 96: (238, 48, 26), 128: (303, 110, 36),
 * 192: (300, 200, 110) (score.py, version 1.0); the official lists were also chosen to give about B
 * tokens on average over the 32 layers.
 *
 * <p>Deviations: the official raters are chosen once from the decoder's input embeddings; ours are
 * chosen at every stage from the hidden states entering it (the runtime supplies stage inputs only).
 * Clustering ties are broken by index instead of random noise (see {@link DensityPeaks}).
 */
public final class SparseVlmPruner implements Pruner {
    public static final String NAME = "sparsevlm";
    private static final int[] TABLE_BUDGETS = {64, 96, 128, 192};
    private static final int[][] TABLE_KEEPS = {{66, 30, 17}, {238, 48, 26}, {303, 110, 36}, {300, 200, 110}};
    private static final int[] OFFICIAL_LAYERS = {2, 6, 15}; // of 32, 0-based layers whose output is pruned

    /**
     * @param recycle merge the deleted tokens (official true)
     * @param recycleRatio share of the deleted tokens that is recycled (official 0.3)
     */
    public record Config(boolean recycle, double recycleRatio) {
        public Config {
            if (!(recycleRatio >= 0 && recycleRatio <= 1)) {
                throw new IllegalArgumentException(NAME + " parameter recycleRatio must be in [0, 1], found " + recycleRatio);
            }
        }
    }

    private final Config config;

    public SparseVlmPruner(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.TEXT_TO_VISUAL_ATTENTION, Need.VISUAL_HIDDEN, Need.TEXT_HIDDEN);
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        int[] layers = new int[OFFICIAL_LAYERS.length];
        for (int s = 0; s < layers.length; s++) {
            layers[s] = 1 + (int) Math.round(OFFICIAL_LAYERS[s] * numLayers / 32.0);
            if (s > 0) {
                layers[s] = Math.max(layers[s], layers[s - 1] + 1);
            }
        }
        LayerSchedule.requireLayers(NAME, layers, numLayers);
        double scaled = budget * 576.0 / numVisual;
        int nearest = 0;
        for (int t = 1; t < TABLE_BUDGETS.length; t++) {
            if (Math.abs(TABLE_BUDGETS[t] - scaled) < Math.abs(TABLE_BUDGETS[nearest] - scaled)) {
                nearest = t;
            }
        }
        int[] row = TABLE_KEEPS[nearest];
        double[] rho = {1, row[1] / (double) row[0], row[2] / (double) row[0]};
        return LayerSchedule.stages(layers, LayerSchedule.match(numVisual, numLayers, layers, rho, budget));
    }

    /** Merged tokens made from N - k deleted ones (0 when nothing is deleted or recycling is off). */
    int clusters(int n, int k) {
        int deleted = n - k;
        if (deleted == 0 || !config.recycle()) {
            return 0;
        }
        return recycled(deleted) / 10 + 1;
    }

    /** Deleted tokens that are recycled into clusters. */
    int recycled(int deleted) {
        return (int) Math.min(deleted, Math.floor(deleted * config.recycleRatio()) + 1);
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
        if (t == 0 || inputs.textToVisualAttention().getShape().get(0) != t) {
            throw new IllegalArgumentException(NAME + ": textHidden and textToVisualAttention must hold the same "
                    + "T >= 1 text tokens, found " + t + " and " + inputs.textToVisualAttention().getShape().get(0));
        }
        int k = stage.keep();
        while (k > 0 && k + clusters(n, k) > stage.keep()) {
            k--;
        }
        int m = stage.keep() - k;
        try (Scratch s = Scratch.over(inputs.textToVisualAttention(), inputs.visualHidden(), inputs.textHidden())) {
            Tensors.requireFinite("textToVisualAttention", inputs.textToVisualAttention());
            Tensors.requireFinite("visualHidden", inputs.visualHidden());
            Tensors.requireFinite("textHidden", inputs.textHidden());
            NDArray visual = inputs.visualHidden().toType(DataType.FLOAT32, false); // (N, D)
            NDArray text = inputs.textHidden().toType(DataType.FLOAT32, false); // (T, D)
            NDArray relevance = visual.matMul(text.transpose()).softmax(1).mean(new int[] {0}); // (T)
            NDArray raters = relevance.gt(relevance.mean()); // (T)
            if (!raters.any().getBoolean()) {
                raters = raters.logicalNot();
            }
            NDArray attention = inputs.textToVisualAttention().toType(DataType.FLOAT32, false); // (T, N)
            NDArray weights = raters.toType(DataType.FLOAT32, false); // (T)
            float[] score = weights.matMul(attention).div(weights.sum()).toFloatArray(); // (N)
            int[] kept = Ranking.topK(score, null, k);
            if (m == 0) {
                return Selection.of(kept, Map.of());
            }
            int[] deleted = Picks.complement(n, kept);
            float[] deletedScore = new float[deleted.length];
            for (int i = 0; i < deleted.length; i++) {
                deletedScore[i] = score[deleted[i]];
            }
            int[] recycledPos = Ranking.topK(deletedScore, null, recycled(deleted.length));
            int[] recycledIdx = new int[recycledPos.length]; // in rank order, as the official topk
            for (int i = 0; i < recycledPos.length; i++) {
                recycledIdx[i] = deleted[recycledPos[i]];
            }
            NDArray pool = inputs.visualHidden().get(Picks.indices(visual.getManager(), recycledIdx)); // (R, D)
            NDArray merged = s.keep(DensityPeaks.clusterAndMerge(pool, m), inputs.visualHidden()); // (m, D)
            int[] sorted = kept.clone();
            Arrays.sort(sorted);
            return new Selection(sorted, merged, MergeSpace.HIDDEN, Map.of("merged", (double) m));
        }
    }

    /** Parameters: recycle (default true), recycleRatio (default 0.3). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec RECYCLE = ParamSpec.bool("recycle", true, "merge part of the deleted tokens into recycled tokens");
        static final ParamSpec RECYCLE_RATIO = ParamSpec.real("recycleRatio", 0.3, 0, 1,
                "share of the deleted tokens (best-rated first) that are clustered and recycled");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("SparseVLM (v1.0)",
                    "before decoder layers 3, 7, 16 of 32 (scaled to the decoder's depth); recycled tokens in decoder space",
                    "Text tokens whose mean softmax relevance to the visual tokens is above average rate the visual tokens "
                            + "by the attention they pay them; the top ones are kept, and the best-rated deleted tokens are "
                            + "clustered by density peaks into merged tokens. Stage keeps follow the official lists, scaled "
                            + "to match the budget on average over the layers.",
                    "https://github.com/Gumpest/SparseVLMs",
                    List.of(RECYCLE, RECYCLE_RATIO));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new SparseVlmPruner(
                    new Config(params.getBoolean(RECYCLE), params.getDouble(RECYCLE_RATIO)));
        }
    }
}
