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
import java.util.Map;
import java.util.Set;

/**
 * Uniform (pooling-like) pruning before the decoder: a spatially strided grid in every frame.
 *
 * <p>Rule. The budget B is split over the F frames: each gets floor(B / F), the first B mod F frames
 * one more. A frame of gh x gw patches with budget b gets an r x c lattice shaped like the frame,
 * r = clamp(round(sqrt(b gh / gw)), 1, gh), c = min(gw, ceil(b / r)) (r grows to ceil(b / c) if r c < b),
 * whose points are the cell centres row floor((i + 1/2) gh / r), column floor((j + 1/2) gw / c), as
 * average pooling to r x c would place them. When r c > b, the b points at lattice ranks
 * floor(t r c / b), t = 0..b-1 (raster order) are kept, an even thinning. Exactly B tokens result. Tokens after
 * the frames (OneVision's video newline) are kept first, out of the budget.
 * There is no official repository; this is the usual "pooling" baseline.
 */
public final class UniformPruner implements Pruner {
    public static final String NAME = "uniform";

    /** No hyper-parameters: the grid comes from the inputs. */
    public record Config() {}

    public UniformPruner(Config config) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of();
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
        int frames = inputs.frames();
        int gh = inputs.gridHeight();
        int gw = inputs.gridWidth();
        int tokens = Picks.frameTokens(NAME, inputs);
        int trailing = Math.min(n - tokens, stage.keep());
        int budget = stage.keep() - trailing;
        int[] kept = new int[stage.keep()];
        int m = 0;
        for (int i = 0; i < trailing; i++) {
            kept[m++] = tokens + i;
        }
        for (int f = 0; f < frames; f++) {
            int b = budget / frames + (f < budget % frames ? 1 : 0);
            for (int p : frameGrid(gh, gw, b)) {
                kept[m++] = f * gh * gw + p;
            }
        }
        return Selection.of(kept, Map.of());
    }

    /** The b patch indices (raster order within one gh x gw frame) of the strided lattice. */
    static int[] frameGrid(int gh, int gw, int b) {
        if (b == 0) {
            return new int[0];
        }
        int r = (int) Math.max(1, Math.min(gh, Math.round(Math.sqrt((double) b * gh / gw))));
        int c = Math.min(gw, (b + r - 1) / r);
        if (r * c < b) {
            r = Math.min(gh, (b + c - 1) / c);
        }
        int lattice = r * c;
        int[] out = new int[b];
        for (int t = 0; t < b; t++) {
            int rank = (int) ((long) t * lattice / b);
            int row = (int) Math.floor((rank / c + 0.5) * gh / r);
            int col = (int) Math.floor((rank % c + 0.5) * gw / c);
            out[t] = row * gw + col;
        }
        return out;
    }

    /** No parameters. */
    public static final class Factory implements PrunerFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("Uniform (strided grid)",
                    "before the decoder (layer 0)",
                    "Keeps a spatially strided lattice of tokens in every frame, shaped like the frame, at the cell centres "
                            + "average pooling would use; the budget is split evenly over frames and an over-full lattice "
                            + "is thinned evenly, so exactly B tokens remain.",
                    "none (the usual strided floor)",
                    List.of());
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new UniformPruner(new Config());
        }
    }
}
