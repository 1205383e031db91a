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
 * VisPruner (Theia-4869/VisPruner, {@code LlavaMetaForCausalLM.encode_images} in llava/model/llava_arch.py at
 * commit aefa01ad): before the decoder, from the vision tower alone.
 *
 * <p>Rule. For a budget of B tokens, B_imp = floor(B * importantRatio) important and B - B_imp diverse
 * tokens. All patches are ranked by CLS attention at the feature layer (official: the tower's
 * {@code attentions[mm_vision_select_layer]}, -2 for LLaVA-1.5, row CLS, patch columns, mean over heads;
 * here {@link Need#CLS_ATTENTION}, the same row of the layer that produces the feature layer, summed over
 * heads: the same order). The first B_imp are important; the rest, in rank order, are the residual. The
 * diverse tokens are what {@link VisPrunerDuplicates} leaves of the residual after removing duplicates in
 * rounds (cosine similarity of the feature-layer hidden states the projector takes, official
 * {@code image_features} = here {@link Need#VISION_FEATURES}). With B_imp = B there is no diverse stage.
 *
 * <p>Deviations (VisPrunerOfficialTest runs both sides in float32 on one 576-patch image, with even residual
 * counts and no ties or near-ties where an order is read, so only the rule itself is compared there):
 * <ul>
 *   <li>Ties. The official {@code argsort} calls do not fix the order of equal scores; here equal CLS
 *       attentions rank the lower patch index first and equal duplicate scores the earlier residual position.</li>
 *   <li>Precision. Cosines are computed in float32 (official: the tower's dtype, float16 as LLaVA's evaluation loads it); a zero
 *       feature vector has cosine 0 with every token (official: NaN).</li>
 *   <li>Odd residual counts (N - B_imp odd, e.g. an odd B_imp with 576 patches): the official concatenation
 *       indexes ceil(R/2) - r kept even-position tokens with a batch index of R/2 - r columns, which fails
 *       with a shape error (or, when R/2 - r is 0, drops one more token). Here every one of them is kept, so
 *       exactly B tokens remain.</li>
 *   <li>Several tiles or frames (LLaVA-NeXT, video): the official code keeps B tokens in every tile it
 *       encodes; here B is the budget over all N visual tokens of the sample, ranked and deduplicated together.</li>
 *   <li>A tower without a CLS token (SigLIP: LLaVA-OneVision) has no CLS_ATTENTION; the runtime refuses the
 *       method there by name, as for VisionZip.</li>
 * </ul>
 *
 * <p>Second reading: ModelTC/LightCompress {@code llmc/compression/token_reduction/vispruner.py} ports the
 * same selection line for line, with B = round(N * (1 - prune_ratio)) and its own select layer (-1 by default).
 */
public final class VisPrunerPruner implements Pruner {
    public static final String NAME = "vispruner";
    public static final double DEFAULT_IMPORTANT_RATIO = 0.5;

    /** @param importantRatio share of the budget taken by CLS attention, in [0, 1] (official --important_ratio) */
    public record Config(double importantRatio) {
        public Config {
            if (!(importantRatio >= 0 && importantRatio <= 1)) {
                throw new IllegalArgumentException(
                        NAME + " parameter importantRatio must be in [0, 1], found " + importantRatio);
            }
        }
    }

    private final Config config;

    public VisPrunerPruner(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.CLS_ATTENTION, Need.VISION_FEATURES);
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        return List.of(new Stage(0, budget));
    }

    /** B_imp for a budget of B tokens: Python's int(B * r), the official rounding. */
    int important(int budget) {
        return (int) (budget * config.importantRatio());
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        inputs.requireAll(NAME, needs());
        int n = inputs.numVisual();
        Picks.requireStage(NAME, stage, n);
        if (stage.keep() == n) {
            return Picks.all(n);
        }
        int important = important(stage.keep());
        int diverse = stage.keep() - important;
        try (Scratch s = Scratch.over(inputs.clsAttention(), inputs.visionFeatures())) {
            Tensors.requireFinite("clsAttention", inputs.clsAttention());
            Tensors.requireFinite("visionFeatures", inputs.visionFeatures());
            int[] ranked = Ranking.topK(inputs.clsAttention().toFloatArray(), null, n); // every patch, best first
            int[] kept = Arrays.copyOf(ranked, stage.keep());
            if (diverse > 0) {
                NDArray unit = Picks.unitRows(inputs.visionFeatures().toType(DataType.FLOAT32, false)); // (N, Dv)
                int[] residual = Arrays.copyOfRange(ranked, important, n);
                int[] distinct = VisPrunerDuplicates.remove(unit, residual, diverse);
                System.arraycopy(distinct, 0, kept, important, diverse);
            }
            return Selection.of(kept, Map.of("important", (double) important, "diverse", (double) diverse));
        }
    }

    /** Parameters: importantRatio (default 0.5, the official --important_ratio default). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec IMPORTANT_RATIO = ParamSpec.real("importantRatio", DEFAULT_IMPORTANT_RATIO, 0, 1,
                "share of the budget kept by CLS attention (floor); the rest are diverse tokens; official default 0.5");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("VisPruner",
                    "before the decoder (layer 0); important and diverse tokens from the vision tower's feature layer",
                    "Important tokens are the patches with the highest CLS attention in the vision tower. From the "
                            + "others, in attention order, duplicates are removed in rounds: split alternately into two "
                            + "halves, drop up to 8 tokens of the first half most similar (cosine of vision features) to "
                            + "any token of the second, until the diverse share of the budget remains.",
                    "https://github.com/Theia-4869/VisPruner",
                    List.of(IMPORTANT_RATIO));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new VisPrunerPruner(new Config(params.getDouble(IMPORTANT_RATIO)));
        }
    }
}
