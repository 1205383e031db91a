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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * VisionZip (dvlab-research/VisionZip): before the decoder, in the vision tower's feature space.
 *
 * <p>Rule, as the official {@code CLIPVisionTower_VisionZip.forward}: dominant tokens are the patches
 * with the highest CLS attention at the feature layer (summed over heads). The remaining patches, in
 * their order, are split into C targets at a stride of max(1, floor(Nf / C)) (the first C of positions
 * 0, s, 2s, ...) and the others; each other patch is assigned to the target whose key (vision keys, mean
 * over heads, L2-normalised) is most similar (dot product; ties to the first target), and each contextual
 * token is the target's feature plus the mean feature of the patches assigned to it (the official code
 * adds the mean to the target rather than averaging them together). The contextual tokens are returned
 * as {@code merged} in {@link MergeSpace#VISION_FEATURES}; the runtime projects them.
 *
 * <p>Budget split. The official configurations are 54 + 10 = 64, 108 + 20 = 128, 162 + 30 = 192
 * (dominant includes the CLS token there; LLaVA drops CLS before the projector, so here all B tokens are
 * patches). We keep that ratio: C = round(B * contextualRatio), contextualRatio = 10/64 by default, and
 * B - C dominant tokens. A budget equal to N keeps every patch unmerged.
 */
public final class VisionZipPruner implements Pruner {
    public static final String NAME = "visionzip";
    public static final double DEFAULT_CONTEXTUAL_RATIO = 10.0 / 64.0;

    /** @param contextualRatio share of the budget given to contextual (merged) tokens, in [0, 0.5] */
    public record Config(double contextualRatio) {
        public Config {
            if (!(contextualRatio >= 0 && contextualRatio <= 0.5)) {
                throw new IllegalArgumentException(
                        NAME + " parameter contextualRatio must be in [0, 0.5], found " + contextualRatio);
            }
        }
    }

    private final Config config;

    public VisionZipPruner(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.CLS_ATTENTION, Need.VISION_KEYS, Need.VISION_FEATURES);
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        return List.of(new Stage(0, budget));
    }

    /** The contextual count C for a budget of B tokens (B - C are dominant). */
    int contextual(int budget) {
        return (int) Math.min(budget - 1, Math.round(budget * config.contextualRatio()));
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        inputs.requireAll(NAME, needs());
        int n = inputs.numVisual();
        Picks.requireStage(NAME, stage, n);
        if (stage.keep() == n) {
            return Picks.all(n);
        }
        int c = contextual(stage.keep());
        int[] dominant;
        NDArray merged = null;
        try (Scratch s = Scratch.over(inputs.clsAttention(), inputs.visionKeys(), inputs.visionFeatures())) {
            Tensors.requireFinite("clsAttention", inputs.clsAttention());
            Tensors.requireFinite("visionKeys", inputs.visionKeys());
            Tensors.requireFinite("visionFeatures", inputs.visionFeatures());
            dominant = Ranking.topK(inputs.clsAttention().toFloatArray(), null, stage.keep() - c);
            if (c > 0) {
                merged = s.keep(contextualTokens(inputs, dominant, c), inputs.visionFeatures());
            }
        }
        int[] sorted = dominant.clone();
        java.util.Arrays.sort(sorted);
        return new Selection(sorted, merged, merged == null ? MergeSpace.NONE : MergeSpace.VISION_FEATURES,
                Map.of("contextual", (double) c));
    }

    /** (C, Dv): the contextual tokens of the patches left after the dominant ones. */
    private static NDArray contextualTokens(PruneInputs inputs, int[] dominant, int c) {
        NDArray features = inputs.visionFeatures(); // (N, Dv)
        int[] rest = Picks.complement(inputs.numVisual(), dominant); // Nf patches, ascending
        int nf = rest.length;
        int step = Math.max(1, nf / c);
        int[] targetPos = new int[c]; // positions within rest
        for (int t = 0; t < c; t++) {
            targetPos[t] = t * step;
        }
        int[] otherPos = Picks.complement(nf, targetPos);
        NDArray restIdx = Picks.indices(features.getManager(), rest); // (Nf)
        NDArray keys = Picks.unitRows(inputs.visionKeys().get(restIdx).toType(DataType.FLOAT32, false)); // (Nf, Dv)
        NDArray restFeatures = features.get(restIdx); // (Nf, Dv)
        NDArray targetIdx = Picks.indices(features.getManager(), targetPos); // (C)
        NDArray targets = restFeatures.get(targetIdx); // (C, Dv)
        if (otherPos.length == 0) {
            return targets;
        }
        NDArray otherIdx = Picks.indices(features.getManager(), otherPos); // (No)
        NDArray similarity = keys.get(otherIdx).matMul(keys.get(targetIdx).transpose()); // (No, C)
        NDArray assign = similarity.argMax(1); // (No) target of each other patch
        NDArray oneHot = assign.oneHot(c).toType(restFeatures.getDataType(), false); // (No, C)
        NDArray counts = oneHot.sum(new int[] {0}).maximum(1f).reshape(new Shape(c, 1)); // (C, 1)
        NDArray sums = oneHot.transpose().matMul(restFeatures.get(otherIdx)); // (C, Dv)
        return targets.add(sums.div(counts));
    }

    /** Parameters: contextualRatio (default 10/64). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec CONTEXTUAL_RATIO = ParamSpec.real("contextualRatio", DEFAULT_CONTEXTUAL_RATIO, 0, 0.5,
                "share of the budget given to contextual (merged) tokens; the official 10/64");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("VisionZip",
                    "before the decoder (layer 0); contextual tokens merged in vision-feature space, then projected",
                    "Dominant tokens are the patches with the highest CLS attention in the vision tower. The remaining "
                            + "patches are assigned to evenly spaced targets by key similarity, and each target plus the "
                            + "mean of its assigned patches becomes one contextual token.",
                    "https://github.com/dvlab-research/VisionZip",
                    List.of(CONTEXTUAL_RATIO));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new VisionZipPruner(
                    new Config(params.getDouble(CONTEXTUAL_RATIO)));
        }
    }
}
