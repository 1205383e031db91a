package io.iwpspark.pruning.baselines;

import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.ParamSpec;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerDescription;
import io.iwpspark.pruning.PrunerFactory;
import io.iwpspark.pruning.PrunerParams;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import io.iwpspark.pruning.Tensors;
import java.util.List;
import java.util.Set;

/**
 * PyramidDrop (Cooperx521/PyramidDrop): three in-decoder stages; at each the visual tokens are ranked by
 * the attention of the last instruction token (mean over heads) and the top k_s are kept.
 *
 * <p>Ranking ({@code attention = own}, the default) equals LlamaModel.pdrop_rank_drop of the official
 * llava/model/modeling_llama_pdrop.py (commit 6444f30): at a stage before layer l it takes the hidden states
 * entering l, applies layer l's own input_layernorm, q/k projections and RoPE (at the current position ids),
 * scores the last prompt token's query against every key of the sequence (its causal row: all of them),
 * softmax over all keys in float32, mean over heads, and keeps the top k of the visual columns, re-sorted
 * into sequence order ({@link Need#LAST_TOKEN_ATTENTION_AT_STAGE}). Ties go to the lower index (torch.topk
 * leaves them unspecified). The official code re-numbers position ids 0..S'-1 after every drop, so its later
 * stages equal the runtime's REINDEX position mode. {@code attention = previous} ranks instead with layer
 * l-1's attention as FastV does ({@link Need#LAST_TOKEN_ATTENTION}), this project's earlier proxy; it is
 * checked to differ from the official ranking (lvlm PyramidDropOfficialTest).
 *
 * <p>Stages. The official LLaVA-1.5 setting drops after layers 8, 16, 24 of 32 keeping 50%, 25%, 12.5%
 * of the visual tokens (ratio lambda = 0.5 per stage). Here the layers are l_i = round(i L / 4) for a
 * decoder of L layers and the keeps have the shape (1, lambda, lambda^2) relative to the first stage.
 * The official keep of stage s is int(N lambda^s) of the original N (truncated); here the first keep x comes
 * from the budget and the later ones are round(x lambda^s), the same numbers for lambda = 0.5 and N = 576.
 *
 * <p>Budget: matched average. The budget B is the target average of visual tokens over the L layers
 * (see {@link LayerSchedule}): the first-stage keep x is chosen so that the average is closest to B
 * (k = (x, round(x lambda), round(x lambda^2))); above x = N the later ratios flatten towards 1 (B = N
 * keeps everything). Every layer before l_1 sees all N tokens, so the average cannot fall below about
 * l_1 N / L (144 of 576 for L = 32): for a smaller B the stage layers move earlier to (a, 2a, 3a), with
 * a the largest integer below l_1 for which B is reachable (a = 1 at the least). Example (checked in the
 * tests): N = 576, L = 32, B = 270 gives the official (8, 288), (16, 144), (24, 72); B = 64 gives
 * (3, 30), (6, 15), (9, 8), average 63.97.
 */
public final class PyramidDropPruner implements Pruner {
    public static final String NAME = "pdrop";

    /** Which attention ranks the visual tokens at a stage before layer l. */
    public enum Attention {
        /** Layer l's own projections on the hidden states entering l (the official rule). */
        OWN,
        /** Layer l-1's attention, as FastV reads it (an earlier proxy of this project). */
        PREVIOUS
    }

    /**
     * @param lambda keep ratio from one stage to the next, in (0, 1] (official 0.5)
     * @param attention which layer's attention ranks the tokens (official: OWN)
     */
    public record Config(double lambda, Attention attention) {
        public Config {
            if (!(lambda > 0 && lambda <= 1)) {
                throw new IllegalArgumentException(NAME + " parameter lambda must be in (0, 1], found " + lambda);
            }
            if (attention == null) {
                throw new IllegalArgumentException(NAME + " parameter attention must be own or previous, found null");
            }
        }

        /** The official ranking (own layer's attention) at ratio lambda. */
        public Config(double lambda) {
            this(lambda, Attention.OWN);
        }
    }

    private final Config config;

    public PyramidDropPruner(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(config.attention() == Attention.OWN ? Need.LAST_TOKEN_ATTENTION_AT_STAGE : Need.LAST_TOKEN_ATTENTION);
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        if (numLayers < 4) {
            throw new IllegalArgumentException(NAME + " needs numLayers >= 4 for three stages, found " + numLayers);
        }
        double[] rho = {1, config.lambda(), config.lambda() * config.lambda()};
        int[] layers = new int[3];
        for (int i = 1; i <= 3; i++) {
            layers[i - 1] = (int) Math.round(i * numLayers / 4.0);
        }
        if (budget < LayerSchedule.minimum(numVisual, numLayers, layers, rho)) {
            for (int a = layers[0] - 1; a >= 1; a--) {
                layers = new int[] {a, 2 * a, 3 * a};
                if (budget >= LayerSchedule.minimum(numVisual, numLayers, layers, rho)) {
                    break;
                }
            }
        }
        LayerSchedule.requireLayers(NAME, layers, numLayers);
        return LayerSchedule.stages(layers, LayerSchedule.match(numVisual, numLayers, layers, rho, budget));
    }

    @Override
    public Selection select(PruneInputs inputs, Stage stage) {
        inputs.requireAll(NAME, needs());
        if (config.attention() == Attention.PREVIOUS) {
            return Picks.topByLastTokenAttention(NAME, inputs, stage);
        }
        return Picks.topByAttention(NAME, "lastTokenAttentionAtStage", inputs.lastTokenAttentionAtStage(),
                inputs.numVisual(), stage);
    }

    /** Parameters: attention (default own), lambda (default 0.5). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec ATTENTION = ParamSpec.choice("attention", "own", List.of("own", "previous"),
                "own: the stage layer's own q/k on the hidden states entering it (official); "
                        + "previous: layer l-1's attention, as FastV (an earlier proxy)");
        static final ParamSpec LAMBDA = ParamSpec.real("lambda", 0.5, 1e-6, 1.0, "the share of tokens each stage keeps of the previous one");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("PyramidDrop",
                    "before decoder layers round(L/4), round(L/2), round(3L/4) (8, 16, 24 of 32; earlier for small budgets)",
                    "At each of three stages the visual tokens are ranked by the attention of the last instruction token "
                            + "(mean over heads, softmax over the whole sequence) computed with the stage layer's own "
                            + "input norm, q/k projections and RoPE on the hidden states entering it, as the official "
                            + "code does (attention=previous uses layer l-1's attention instead, as FastV); the top ones "
                            + "are kept, each stage keeping lambda times the previous one; the first keep is chosen so "
                            + "that the average over all layers matches the budget.",
                    "https://github.com/Cooperx521/PyramidDrop",
                    List.of(ATTENTION, LAMBDA));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            Attention attention = params.getChoice(ATTENTION).equals("own") ? Attention.OWN : Attention.PREVIOUS;
            return new PyramidDropPruner(new Config(params.getDouble(LAMBDA), attention));
        }
    }
}
