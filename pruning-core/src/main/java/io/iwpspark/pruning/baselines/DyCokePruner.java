package io.iwpspark.pruning.baselines;

import ai.djl.ndarray.NDArray;
import io.iwpspark.pruning.DecodeRule;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DyCoke: token temporal merging (TTM) before the decoder, then dynamic KV-cache pruning while decoding
 * ({@link DyCokeKv}, the rule {@link #decodeRule()} hands the generation loop). TTM is official KD-TAO/DyCoke
 * {@code llava/model/llava_arch.py} {@code dycole_ttm}, commit dd7463498203479d0ff6f2d29c4e72928c0af244, read
 * beside ModelTC/LightCompress's port (commit 9701d035, the same function; the port has no decoding part).
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
 * <p>Deviations. (1) p = 0 turns the decoding part off (TTM alone). (2) Selection's kept indices must ascend,
 * so {@code order=similarity} (default, the official order) returns the tokens as exact copies in decoder space
 * (all "merged", none "kept"); {@code order=position} keeps the same tokens in place. (3) Fewer than five
 * frames: the official code raises (torch.stack of an empty list); here pass 2 simply has no window. (4) Ties go
 * to the lower index. (5) B = N is the unpruned run, every token in place, where the official k = 0 would still
 * reorder the pruned frames' tokens and leave out an odd last frame. (6) While decoding, the visual span starts
 * where the sample's visual block does (officially a fixed image_token_start_index = 14, Qwen's system prompt);
 * the cache is masked, not gathered (the same attention, {@code KeyMaskTest}). The prefill FLOPs columns count
 * the prompt only; the decoding savings show in the decode FLOPs columns, which count each step's attention over
 * the keys it attends at each layer (fewer visual keys at layers >= l on a masked step), with the prefill's
 * formula at one query ({@link io.iwpspark.pruning.flops.FlopsModel#decodeStepFlops}).
 */
public final class DyCokePruner implements Pruner {
    public static final String NAME = "dycoke";
    static final int DEFAULT_TOKENS_PER_FRAME = 196; // dycoke_num_tokens_per_frame: 14 x 14 pooled SigLIP patches

    /**
     * @param tokensPerFrame T, tokens of one frame
     * @param officialOrder the official token order (true) or frame-and-position order (false)
     * @param layer l, the first layer whose attention is restricted while decoding (dycoke_l)
     * @param ratio p, the share of the visual span left out at a decoding step (dycoke_p); 0 turns decoding off
     */
    public record Config(int tokensPerFrame, boolean officialOrder, int layer, double ratio) {
        public Config {
            if (tokensPerFrame < 1) {
                throw new IllegalArgumentException(NAME + " parameter tokensPerFrame must be >= 1, found "
                        + tokensPerFrame);
            }
            if (layer < 1) {
                throw new IllegalArgumentException(NAME + " parameter layer must be >= 1, found " + layer);
            }
            if (!(ratio >= 0 && ratio < 1)) {
                throw new IllegalArgumentException(NAME + " parameter p must be in [0, 1), found " + ratio);
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
    public Optional<DecodeRule> decodeRule() {
        return config.ratio() == 0 ? Optional.empty()
                : Optional.of(new DyCokeKv(config.layer(), config.ratio(), config.tokensPerFrame()));
    }

    @Override
    public List<Stage> plan(int numVisual, int budget, int numLayers) {
        Tensors.requireBudget(budget, numVisual);
        if (config.ratio() > 0) {
            Picks.requireLayer(NAME, "layer", config.layer(), numLayers);
        }
        if (budget < numVisual) {
            DyCokeFrames f = DyCokeFrames.of(numVisual, config.tokensPerFrame());
            if (f.pruned() == 0 || budget < f.minimum() || budget > f.maximum()) {
                throw new IllegalArgumentException(NAME + " budget must be " + numVisual + " or in [" + f.minimum() + ", "
                        + f.maximum() + "] for " + numVisual + " tokens = " + f.frames() + " frames of tokensPerFrame "
                        + config.tokensPerFrame() + " + " + f.trailing() + " (anchor frames are kept whole), found "
                        + budget);
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
        plan(n, stage.keep(), Integer.MAX_VALUE); // the same bounds as the plan
        int[] order = DyCokeTtm.order(inputs.visualHidden(), frames, frames.keeps(stage.keep()));
        Map<String, Double> diagnostics = Map.of("frames", (double) frames.frames(), "prunedFrames",
                (double) frames.pruned());
        if (!config.officialOrder()) {
            return Selection.of(order, diagnostics);
        }
        NDArray hidden = inputs.visualHidden();
        NDArray merged = hidden.get(Picks.indices(hidden.getManager(), order)); // (B, D) copies, official order
        return new Selection(new int[0], merged, MergeSpace.HIDDEN, diagnostics);
    }

    /** Parameters: tokensPerFrame (196), order (similarity | position), layer (3), p (0.8). */
    public static final class Factory implements PrunerFactory {
        static final ParamSpec TOKENS_PER_FRAME = ParamSpec.integer("tokensPerFrame", DEFAULT_TOKENS_PER_FRAME, 1,
                Integer.MAX_VALUE, "tokens of one frame (official dycoke_num_tokens_per_frame: 196, OneVision's pooled "
                        + "14 x 14); tokens after the last whole frame (the newline) are kept");
        static final ParamSpec LAYER = ParamSpec.integer("layer", 3, 1, Integer.MAX_VALUE,
                "while decoding, layers from this one on attend only the chosen visual entries, chosen by layer - 1's "
                        + "attention (official dycoke_l)");
        static final ParamSpec RATIO = ParamSpec.real("p", 0.8, 0, 0.999999,
                "share of the visual span a decoding step leaves out (official dycoke_p, lmms-eval default 0.8); 0 "
                        + "turns the decoding part off");
        static final ParamSpec ORDER = ParamSpec.choice("order", "similarity", List.of("similarity", "position"),
                "a pruned frame's kept tokens in ascending similarity, as officially (similarity, returned as copies), "
                        + "or in place (position)");

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public PrunerDescription describe() {
            return new PrunerDescription("DyCoke (token temporal merging + dynamic KV-cache pruning)",
                    "before the decoder (layer 0); tokens returned as decoder-space copies in the official order "
                            + "(order=similarity) or kept in place (order=position); while decoding, layers >= 3 "
                            + "attend a per-step choice of the visual cache",
                    "Frames of tokensPerFrame tokens go in windows of four; frames 1 and 3 of a window are compared "
                            + "with frames 0 and 2, and frame 2 with frame 0 when more frames follow the window, token by "
                            + "token by cosine similarity, and keep their least similar tokens; anchors stay whole and an "
                            + "odd last frame is left out, as officially. The budget is spread evenly over the pruned "
                            + "frames (official k = 0.7 is budget 3099 of 6273 for 32 OneVision frames); budgets below "
                            + "the anchors are refused. At each generated token after the first, when its layer-2 "
                            + "attention to the visual span differs from the previous step's (cosine < 0.9), layers from "
                            + "3 on attend only the 20% most attended span entries.",
                    "https://github.com/KD-TAO/DyCoke",
                    List.of(TOKENS_PER_FRAME, ORDER, LAYER, RATIO));
        }

        @Override
        public Pruner create(PrunerParams params) {
            Picks.only(params, parameters());
            return new DyCokePruner(new Config(params.getInt(TOKENS_PER_FRAME),
                    params.getChoice(ORDER).equals("similarity"), params.getInt(LAYER), params.getDouble(RATIO)));
        }
    }
}
