package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
 * CDPruner (Theia-4869/CDPruner): before the decoder, a conditional DPP over the visual tokens.
 *
 * <p>Rule, as the official LLaVA {@code encode_images}: S = cosine similarity of the projected visual
 * tokens (held as an N x N matrix up to {@link HostGram#MAX_TOKENS} tokens, as the official code; above, never
 * built: the greedy steps read one kernel row at a time);
 * relevance r_i = mean over instruction tokens t of -cos(v_i, t) (the official code negates the mean
 * cosine; {@code negate=false} drops the sign), min-max normalised as
 * (r - min + 1e-6) / (max - min); kernel L = diag(r) S diag(r). B tokens are chosen by the fast greedy
 * MAP inference of Chen et al. 2018 (the official loop): d_i^2 = L_ii; repeatedly take
 * j = argmax d^2 (ties: lower index), e = (L_j - c_j^T C) / sqrt(d_j^2), append e to C, d^2 -= e^2.
 *
 * <p>Deviation, visible in the method's label and in its parameter {@code relevance=decoder} (the only
 * value): the official code measures relevance in CLIP's joint space (CLIP image embeddings against the
 * CLIP text tower's embedding of the instruction). The runtime has no CLIP text tower, so r uses the
 * decoder's own inputs: {@link Need#VISUAL_HIDDEN} (projected visual tokens) against
 * {@link Need#TEXT_HIDDEN} (the instruction's token embeddings). In that space the official sign (a token
 * unlike the instruction is relevant) is not obviously right, so {@code negate} is a sweep parameter
 * (true, the official sign, by default). If every r is equal, r = 1.
 *
 * <p>When the kernel's rank is exhausted before B tokens (the largest d_j^2 at most {@value #EXHAUSTED},
 * float32 rounding level for a kernel whose entries are at most about 1; the official loop would go on
 * with square roots of rounding noise or of negative numbers), the remaining tokens are the unchosen
 * ones of highest relevance (ties: lower index).
 */
public final class CdPruner implements Pruner {
    public static final String NAME = "cdpruner";
    static final float EXHAUSTED = 1e-6f;
    /** The space relevance is measured in: decoder input embeddings (the only one the runtime has). */
    static final String RELEVANCE = "decoder";

    /** @param negate use -cos as the official LLaVA code does (default true) */
    public record Config(boolean negate) {}

    private final Config config;

    public CdPruner(Config config) {
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
        return Set.of(Need.VISUAL_HIDDEN, Need.TEXT_HIDDEN);
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
        if (inputs.textHidden().getShape().get(0) == 0) {
            throw new IllegalArgumentException(NAME + ": textHidden must hold at least one instruction token, found 0");
        }
        try (Scratch s = Scratch.over(inputs.visualHidden(), inputs.textHidden())) {
            Tensors.requireFinite("visualHidden", inputs.visualHidden());
            Tensors.requireFinite("textHidden", inputs.textHidden());
            NDArray visual = Picks.unitRows(inputs.visualHidden().toType(DataType.FLOAT32, false)); // (N, D)
            NDArray text = Picks.unitRows(inputs.textHidden().toType(DataType.FLOAT32, false)); // (T, D)
            NDArray relevance = relevance(visual, text); // (N)
            int[] chosen = greedyMap(visual, relevance, stage.keep());
            return Selection.of(chosen, Map.of());
        }
    }

    /** (N): instruction relevance in (0, 1], min-max normalised as the official code. */
    private NDArray relevance(NDArray visual, NDArray text) {
        NDArray r = visual.matMul(text.transpose()).mean(new int[] {1}); // (N) mean cosine
        if (config.negate()) {
            r = r.neg();
        }
        float min = r.min().getFloat();
        float max = r.max().getFloat();
        if (!(max > min)) {
            return r.onesLike();
        }
        return r.sub(min).add(1e-6f).div(max - min);
    }

    /**
     * Fast greedy MAP of the DPP with kernel L = diag(r) (V V^T) diag(r), V (N, D) unit rows, r (N): the
     * B chosen indices in pick order. Up to {@link HostGram#MAX_TOKENS} tokens the similarity is computed
     * once on the host and rows are read from it ({@link GreedyMapOnHost}, the official code's class of
     * cost); above, L is never built: the greedy step needs only row j of the chosen token,
     * r_j (V v_j) r, so memory is (B, N) and time O(B N D) at video scale.
     */
    static int[] greedyMap(NDArray visual, NDArray relevance, int budget) {
        return greedyMap(visual, relevance, budget, HostGram.MAX_TOKENS);
    }

    /** hostMaxTokens: up to this N the kernel rows come from a {@link HostGram} (tests pass 0 to stream). */
    static int[] greedyMap(NDArray visual, NDArray relevance, int budget, int hostMaxTokens) {
        int n = (int) visual.getShape().get(0);
        int[] chosen = new int[budget];
        boolean[] taken = new boolean[n];
        NDArray d2 = relevance.square().mul(visual.square().sum(new int[] {1})); // (N) diag(L) = r_i^2 |v_i|^2
        if (n <= hostMaxTokens) {
            int[] host = GreedyMapOnHost.select(visual, relevance.toFloatArray(), d2.toFloatArray(), budget);
            int i = 0;
            while (i < budget && host[i] >= 0) {
                chosen[i] = host[i];
                taken[host[i++]] = true;
            }
            if (i < budget) {
                fillByRelevance(chosen, i, taken, relevance.toFloatArray());
            }
            return chosen;
        }
        NDArray c = visual.getManager().zeros(new Shape(budget, n)); // (B, N) Cholesky-like rows
        for (int i = 0; i < budget; i++) {
            int j = (int) d2.argMax().getLong();
            float dj = d2.getFloat(j);
            if (!(dj > EXHAUSTED)) {
                fillByRelevance(chosen, i, taken, relevance.toFloatArray());
                break;
            }
            chosen[i] = j;
            taken[j] = true;
            NDArray e = visual.matMul(visual.get(j)).mul(relevance).mul(relevance.getFloat(j)); // (N) row j of L
            if (i > 0) {
                NDArray prev = c.get(new NDIndex("0:" + i)); // (i, N)
                e = e.sub(prev.get(new NDIndex(":, " + j)).matMul(prev)); // (N)
            }
            e = e.div((float) Math.sqrt(dj));
            c.set(new NDIndex(i), e);
            d2 = d2.sub(e.square());
            d2.set(new NDIndex(j), Float.NEGATIVE_INFINITY);
        }
        return chosen;
    }

    private static void fillByRelevance(int[] chosen, int from, boolean[] taken, float[] relevance) {
        int[] rest = Ranking.topK(relevance, taken, chosen.length - from);
        System.arraycopy(rest, 0, chosen, from, rest.length);
    }

    /** Parameters: negate (default true), relevance (decoder, the only value). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec NEGATE = ParamSpec.bool("negate", true,
                "relevance is minus the mean cosine to the instruction, as the official LLaVA code; false drops the sign");
        static final ParamSpec RELEVANCE_SPACE = ParamSpec.choice("relevance", RELEVANCE, List.of(RELEVANCE),
                "the space relevance is measured in; the runtime has no CLIP text tower for the official joint space");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("CDPruner, relevance in decoder-embedding space (official: CLIP joint space)",
                    "before the decoder (layer 0)",
                    "A conditional DPP over the projected visual tokens: kernel diag(r) S diag(r) with S their cosine "
                            + "similarity and r the min-max normalised relevance to the instruction, chosen by fast greedy "
                            + "MAP inference. The relevance compares decoder input embeddings of the visual and instruction "
                            + "tokens, not CLIP's image-text joint space (the runtime has no CLIP text tower).",
                    "https://github.com/Theia-4869/CDPruner",
                    List.of(NEGATE, RELEVANCE_SPACE));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            params.getChoice(RELEVANCE_SPACE); // one value: validated so that "clip" is refused, naming why
            return new CdPruner(new Config(params.getBoolean(NEGATE)));
        }
    }
}
