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
 * DyCoke's token temporal merging (TTM) alone, before the decoder: official KD-TAO/DyCoke
 * {@code llava/model/llava_arch.py} {@code dycole_ttm}, commit dd7463498203479d0ff6f2d29c4e72928c0af244, read
 * beside ModelTC/LightCompress's port (commit 9701d035, the same function).
 *
 * <p>Rule. Frames and anchors are {@link DyCokeFrames}'s. A pruned frame keeps the tokens least similar to the
 * token at the same place of its anchor frame: cosine similarity of the decoder-space embeddings entering the
 * decoder (after OneVision's 2 x 2 pooling), the pair pass on L2-normalised rows, the window pass on raw rows,
 * as officially. The sequence is frame by frame, an anchor's tokens in place, a pruned frame's kept tokens in
 * ascending similarity (the order torch's topk(largest=False) returns them in), then the trailing tokens.
 *
 * <p>Budget. The official code takes a merging ratio k (each pruned frame keeps int((1 - k) T)); here the budget B
 * is the tokens entering the decoder, spread evenly over the pruned frames (see {@link DyCokeFrames#keeps}), so
 * B = {@link DyCokeFrames#budgetFor} reproduces k exactly: 3099 of OneVision's 6273 for 32 frames, k = 0.7.
 * B = N keeps everything; a B that TTM cannot reach (anchors alone exceed it, or an image with fewer than two
 * frames) is refused.
 *
 * <p>Deviations. (1) DyCoke's second part, the decode-time KV-cache pruning (at layer l = 3 each generated token
 * keeps the (1 - p) visual entries it attends most), is left out: the generation loop has no per-step cache
 * mask; hence the name. (2) Selection's kept indices must ascend, so {@code order=similarity} (default, the
 * official order) returns the tokens as exact copies in decoder space (all "merged", none "kept");
 * {@code order=position} keeps the same tokens in place. (3) Fewer than five frames: the official code raises
 * (torch.stack of an empty list); here pass 2 simply has no window. (4) Ties go to the lower index.
 */
public final class DyCokePruner implements Pruner {
    public static final String NAME = "dycoke-ttm";
    static final int DEFAULT_TOKENS_PER_FRAME = 196; // dycoke_num_tokens_per_frame: 14 x 14 pooled SigLIP patches

    /**
     * @param tokensPerFrame T, tokens of one frame
     * @param officialOrder the official token order (true) or frame-and-position order (false)
     */
    public record Config(int tokensPerFrame, boolean officialOrder) {
        public Config {
            if (tokensPerFrame < 1) {
                throw new IllegalArgumentException(NAME + " parameter tokensPerFrame must be >= 1, found " + tokensPerFrame);
            }
        }
    }

    private final Config config;

    public DyCokePruner(Config config) {
        this.config = config;
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
        if (budget < numVisual) {
            DyCokeFrames f = DyCokeFrames.of(numVisual, config.tokensPerFrame());
            if (f.pruned() == 0 || budget < f.minimum() || budget > f.maximum()) {
                throw new IllegalArgumentException(NAME + " budget must be " + numVisual + " or in [" + f.minimum() + ", "
                        + f.maximum() + "] for " + numVisual + " tokens = " + f.frames() + " frames of tokensPerFrame "
                        + config.tokensPerFrame() + " + " + f.trailing() + " (anchor frames are kept whole), found " + budget);
            }
        }
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
        int t = config.tokensPerFrame();
        if (inputs.frames() > 1 && inputs.gridHeight() * inputs.gridWidth() != t) {
            throw new IllegalArgumentException(NAME + " parameter tokensPerFrame is " + t + " but the frames hold "
                    + inputs.gridHeight() + " x " + inputs.gridWidth() + " tokens");
        }
        DyCokeFrames frames = DyCokeFrames.of(n, t);
        plan(n, stage.keep(), 1); // the same bounds as the plan
        int[] order = order(inputs.visualHidden(), frames, frames.keeps(stage.keep()));
        Map<String, Double> diagnostics = Map.of("frames", (double) frames.frames(), "prunedFrames",
                (double) frames.pruned());
        if (!config.officialOrder()) {
            return Selection.of(order, diagnostics);
        }
        NDArray hidden = inputs.visualHidden();
        NDArray merged = hidden.get(Picks.indices(hidden.getManager(), order)); // (B, D) copies, official order
        return new Selection(new int[0], merged, MergeSpace.HIDDEN, diagnostics);
    }

    /** Token indices in the official output order; {@code keeps} per pruned frame, frame order. */
    static int[] order(NDArray hidden, DyCokeFrames frames, int[] keeps) {
        int t = frames.tokensPerFrame();
        int[] anchor = frames.anchor();
        int[] out = new int[anchor.length * t + frames.trailing()];
        int m = 0;
        int p = 0;
        try (Scratch s = Scratch.over(hidden)) {
            NDArray x = hidden.toType(DataType.FLOAT32, false); // (N, D)
            Tensors.requireFinite("visualHidden", x);
            for (int f = 0; f < anchor.length; f++) {
                if (anchor[f] < 0) {
                    for (int j = 0; j < t; j++) {
                        out[m++] = f * t + j;
                    }
                    continue;
                }
                float[] sim = cosine(x.get(anchor[f] * t + ":" + (anchor[f] + 1) * t), x.get(f * t + ":" + (f + 1) * t),
                        f % 2 == 1);
                for (int i = 0; i < sim.length; i++) {
                    sim[i] = -sim[i]; // least similar first
                }
                for (int j : Ranking.topK(sim, null, keeps[p++])) {
                    out[m++] = f * t + j;
                }
            }
        }
        int tail = frames.frames() * t;
        for (int j = 0; j < frames.trailing(); j++) {
            out[m++] = tail + j;
        }
        return Arrays.copyOf(out, m);
    }

    /**
     * (T) cosine similarity of row i of a and b, as torch.nn.functional.cosine_similarity (each row over
     * max(norm, 1e-8)); {@code normalizeFirst} first scales rows to unit norm (normalize, eps 1e-12), as pass 1 does.
     */
    static float[] cosine(NDArray a, NDArray b, boolean normalizeFirst) {
        if (normalizeFirst) {
            a = Picks.unitRows(a);
            b = Picks.unitRows(b);
        }
        NDArray ua = a.div(a.norm(new int[] {1}, true).maximum(1e-8f));
        NDArray ub = b.div(b.norm(new int[] {1}, true).maximum(1e-8f));
        return ua.mul(ub).sum(new int[] {1}).toFloatArray();
    }

    /** Parameters: tokensPerFrame (196), order (similarity | position). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec TOKENS_PER_FRAME = ParamSpec.integer("tokensPerFrame", DEFAULT_TOKENS_PER_FRAME, 1,
                Integer.MAX_VALUE, "tokens of one frame (official dycoke_num_tokens_per_frame: 196, OneVision's pooled "
                        + "14 x 14); tokens after the last whole frame (the newline) are kept");
        static final ParamSpec ORDER = ParamSpec.choice("order", "similarity", List.of("similarity", "position"),
                "a pruned frame's kept tokens in ascending similarity, as officially (similarity, returned as copies), "
                        + "or in place (position)");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("DyCoke (TTM only; decode-time KV-cache pruning left out)",
                    "before the decoder (layer 0); tokens returned as decoder-space copies in the official order "
                            + "(order=similarity) or kept in place (order=position)",
                    "Frames of tokensPerFrame tokens go in windows of four; frames 1 and 3 of a window are compared "
                            + "with frames 0 and 2, frame 2 with frame 0 (not in the last window), token by token by "
                            + "cosine similarity, and keep their least similar tokens; the budget is spread evenly over "
                            + "the pruned frames (official k = 0.7 is budget 3099 of 6273 for 32 OneVision frames).",
                    "https://github.com/KD-TAO/DyCoke",
                    List.of(TOKENS_PER_FRAME, ORDER));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new DyCokePruner(new Config(params.getInt(TOKENS_PER_FRAME),
                    params.getChoice(ORDER).equals("similarity")));
        }
    }
}
