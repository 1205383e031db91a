package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import io.iwpspark.pruning.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Average pooling of the visual token grid, a reference floor (no official repository): before the decoder,
 * every frame's grid is average-pooled to its share of the budget and only the pooled tokens go on.
 *
 * <p>Rule. The budget B is split over the F frames, floor(B / F) each and one more for the first B mod F;
 * a frame's b tokens are the means of the cells of {@link PoolGrid} (adaptive average pooling to a grid shaped
 * like the frame; when b does not factor so, the last rows hold one cell fewer). Tokens come in frame order,
 * raster order within a frame, all as merged tokens (none kept as they are); B = N keeps every token. Tokens after
 * the frames (OneVision's video newline) are kept as they are, first, out of the budget.
 *
 * <p>Space ({@code space}): {@code hidden} (default) pools the projected visual embeddings entering the
 * decoder, as LLaVA-NeXT-style video pooling does after the projector; {@code vision} pools the vision
 * tower's features and lets the runtime project the means (the projector is non-linear, so the two differ).
 */
public final class PoolPruner implements Pruner {
    public static final String NAME = "pool";

    /** Where the means are taken. */
    public enum Space { HIDDEN, VISION }

    /** @param space the space in which tokens are averaged */
    public record Config(Space space) {}

    private final Config config;

    public PoolPruner(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(config.space() == Space.HIDDEN ? Need.VISUAL_HIDDEN : Need.VISION_FEATURES);
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
        int gh = inputs.gridHeight();
        int gw = inputs.gridWidth();
        int frameTokens = Picks.frameTokens(NAME, inputs);
        int trailing = Math.min(n - frameTokens, stage.keep());
        int[] kept = new int[trailing];
        for (int i = 0; i < trailing; i++) {
            kept[i] = frameTokens + i;
        }
        if (trailing == stage.keep()) {
            return Selection.of(kept, Map.of());
        }
        NDArray tokens = config.space() == Space.HIDDEN ? inputs.visualHidden() : inputs.visionFeatures(); // (N, D)
        NDArray merged;
        try (Scratch s = Scratch.over(tokens)) {
            Tensors.requireFinite(config.space() == Space.HIDDEN ? "visualHidden" : "visionFeatures", tokens);
            NDArray x = tokens.toType(DataType.FLOAT32, false);
            List<NDArray> pooled = new ArrayList<>();
            int budget = stage.keep() - trailing;
            for (int f = 0; f < frames; f++) {
                int b = budget / frames + (f < budget % frames ? 1 : 0);
                if (b > 0) {
                    NDArray frame = x.get(f * gh * gw + ":" + (f + 1) * gh * gw); // (gh gw, D)
                    pooled.add(x.getManager().create(weights(gh, gw, b), new Shape(b, gh * gw)).matMul(frame)); // (b, D)
                }
            }
            merged = s.keep(NDArrays.concat(new ai.djl.ndarray.NDList(pooled)).toType(tokens.getDataType(), false), tokens);
        }
        return new Selection(kept, merged,
                config.space() == Space.HIDDEN ? MergeSpace.HIDDEN : MergeSpace.VISION_FEATURES, Map.of());
    }

    /** (b, gh gw) row-major: row t averages the patches of cell t. */
    static float[] weights(int gh, int gw, int b) {
        int[][] cells = PoolGrid.cells(gh, gw, b);
        float[] w = new float[b * gh * gw];
        for (int t = 0; t < b; t++) {
            int[] c = cells[t];
            float share = 1f / ((c[1] - c[0]) * (c[3] - c[2]));
            for (int row = c[0]; row < c[1]; row++) {
                for (int col = c[2]; col < c[3]; col++) {
                    w[t * gh * gw + row * gw + col] = share;
                }
            }
        }
        return w;
    }

    /** Parameters: space (hidden or vision, default hidden). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec SPACE = ParamSpec.choice("space", "hidden", List.of("hidden", "vision"),
                "average the projected embeddings (hidden) or the vision tower's features (vision)");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("Average pooling (reference floor)",
                    "before the decoder (layer 0); every token merged, in decoder space (space=hidden) or in "
                            + "vision-feature space then projected (space=vision)",
                    "Each frame's token grid is average-pooled to its share of the budget with adaptive pooling bins "
                            + "on a grid shaped like the frame (r rows of cells, r = round(sqrt(b gh / gw))); when the "
                            + "budget does not factor as r x c, the last rows hold one cell fewer, so exactly B tokens "
                            + "result.",
                    "none (the usual pooling floor)",
                    List.of(SPACE));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new PoolPruner(new Config(Space.valueOf(params.getChoice(SPACE).toUpperCase(java.util.Locale.ROOT))));
        }
    }
}
