package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
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
import java.util.Map;
import java.util.Set;

/**
 * DivPrune (vbdi/divprune): before the decoder, greedy max-min diversity on the projected visual
 * embeddings with distance dist(i, j) = 1 - cos(x_i, x_j).
 *
 * <p>Rule, as the official {@code DivPrune} loop: the first token is the one whose nearest other token
 * is farthest (the official code takes the second-smallest entry of each column, the smallest being the
 * token's zero distance to itself; we exclude the diagonal explicitly, which is the same unless rounding
 * puts another token nearer than the token itself). Each next token maximises its minimum distance to
 * the tokens chosen so far. Ties go to the lower index (torch.argmax's first maximum). Chosen tokens are
 * excluded explicitly (the official code relies on their zero self-distance, which can repeat a token
 * when several are identical).
 *
 * <p>Cost: up to {@link HostGram#MAX_TOKENS} tokens, the distance matrix is computed once in blocks
 * and kept on the host, each step then O(N) ({@link MaxMinOnHost}, the official code's class of cost).
 * Above (video scale), the N x N matrix is never held: the first step is computed in blocks of
 * {@value #BLOCK} rows, each later step is one (N, D) x (D) product and one elementwise minimum.
 */
public final class DivPrunePruner implements Pruner {
    public static final String NAME = "divprune";
    static final int BLOCK = 1024;

    /** No hyper-parameters beyond the budget. */
    public record Config() {}

    private final int hostMaxTokens;

    public DivPrunePruner(Config config) {
        this(config, HostGram.MAX_TOKENS);
    }

    /** Tests: hostMaxTokens 0 forces the streaming path that video-scale inputs take. */
    DivPrunePruner(Config config, int hostMaxTokens) {
        this.hostMaxTokens = hostMaxTokens;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.VISUAL_HIDDEN);
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
        int[] chosen = new int[stage.keep()];
        try (Scratch s = Scratch.over(inputs.visualHidden())) {
            NDArray hidden = inputs.visualHidden(); // (N, D)
            Tensors.requireFinite("visualHidden", hidden);
            NDArray unit = Picks.unitRows(hidden.toType(DataType.FLOAT32, false)); // (N, D)
            if (n <= hostMaxTokens) {
                return Selection.of(MaxMinOnHost.select(unit, stage.keep()), Map.of());
            }
            NDArray nearest = nearestOtherDistance(unit); // (N)
            chosen[0] = (int) nearest.argMax().getLong();
            NDArray minDist = distanceTo(unit, chosen[0]); // (N) min distance to the chosen set
            minDist.set(new NDIndex(chosen[0]), Float.NEGATIVE_INFINITY);
            for (int t = 1; t < chosen.length; t++) {
                chosen[t] = (int) minDist.argMax().getLong();
                // -inf marks chosen tokens; minimum keeps the mark
                minDist = NDArrays.minimum(minDist, distanceTo(unit, chosen[t]));
                minDist.set(new NDIndex(chosen[t]), Float.NEGATIVE_INFINITY);
            }
        }
        return Selection.of(chosen, Map.of());
    }

    /** (N): 1 - cos to token j for every token. */
    private static NDArray distanceTo(NDArray unit, int j) {
        return unit.matMul(unit.get(j)).neg().add(1f); // (N)
    }

    /** (N): for every token, 1 - cos to its nearest other token (block-wise, diagonal excluded). */
    private static NDArray nearestOtherDistance(NDArray unit) {
        long n = unit.getShape().get(0);
        NDArray cols = unit.getManager().arange(0, (int) n, 1, DataType.INT64).reshape(1, n); // (1, N)
        NDArray[] parts = new NDArray[(int) ((n + BLOCK - 1) / BLOCK)];
        for (int b = 0; b < parts.length; b++) {
            int start = b * BLOCK;
            int end = (int) Math.min(n, start + BLOCK);
            NDArray rows = unit.get(start + ":" + end); // (b, D)
            NDArray dist = rows.matMul(unit.transpose()).neg().add(1f); // (b, N)
            NDArray rowIds = unit.getManager().arange(start, end, 1, DataType.INT64).reshape(end - start, 1); // (b, 1)
            NDArray self = rowIds.eq(cols); // (b, N)
            NDArray masked = NDArrays.where(self, dist.getManager().full(dist.getShape(), Float.POSITIVE_INFINITY), dist);
            parts[b] = masked.min(new int[] {1}); // (b)
        }
        return parts.length == 1 ? parts[0] : NDArrays.concat(new ai.djl.ndarray.NDList(parts));
    }

    /** No parameters. */
    public static final class Factory implements PrunerFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("DivPrune",
                    "before the decoder (layer 0)",
                    "Greedy max-min diversity on the projected visual embeddings with distance 1 - cosine: the first "
                            + "token is the one farthest from its nearest neighbour, each next one maximises its distance "
                            + "to the nearest token already chosen.",
                    "https://github.com/vbdi/divprune",
                    List.of());
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new DivPrunePruner(new Config());
        }
    }
}
