package io.iwpspark.lvlm.hook;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.DecoderLayer;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.nn.Rows;
import io.iwpspark.lvlm.nn.Scope;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import io.iwpspark.pruning.iwp.DualWeightError;
import io.iwpspark.pruning.iwp.Kernel;
import java.util.Set;

/**
 * Runs one pruning stage before decoder layer l: hands the pruner exactly what it declares (computed
 * from the hidden states entering l, the previous layer's input and cache, and the vision-side
 * track), checks its selection, and rebuilds the sequence as [text before | kept | merged | text
 * after]. Merged tokens in vision-feature space go through the projector (layer 0 only).
 */
public final class StageExecutor {
    private StageExecutor() {}

    /** Applies {@code stage} to {@code st} in place; arrays that outlive it go to {@code m}. */
    public static StageReport apply(NDManager m, SequenceState st, KvCache cache, Pruner pruner, Stage stage,
            StageContext ctx) {
        int l = stage.layer();
        int n = st.visualCount;
        if (stage.keep() > n) {
            throw new PrunerContractException(pruner.name() + " stage at layer " + l + " keeps " + stage.keep()
                    + " tokens but only " + n + " are present");
        }
        long t0 = System.nanoTime();
        Set<Need> needs = pruner.needs(stage);
        HookOptions opt = ctx.options();
        VisualTrack track = st.track();
        // Every array a pruner sees sits in the stage's scope, so whatever it computes from them
        // (merged tokens included) is freed with the scope, never left in the shared prefix.
        try (Scope scope = Scope.open(m, st.hidden, st.previousInput, track.features(), track.clsAttention(),
                track.keys(), track.visionAttention())) {
            NDManager sm = scope.manager();
            int[] visualRows = st.visualRows();
            int[] textRows = st.textRows();
            DecoderLayer layer = ctx.decoder().layer(l);
            boolean rotate = keysAfterRope(pruner, opt);
            NDArray[] kv = null; // keys, values (G, N, d) of layer l
            SharedStageInputs.Entry shared = null; // the sample's keys, values and error norms when st is its prefix
            if (needs.contains(Need.VISUAL_KV) || opt.dualWeightError()) {
                if (ctx.shared() != null && ctx.shared().covers(st, l)) {
                    shared = ctx.shared().entry(l, rotate, () -> keysValues(sm, st, layer, visualRows, rotate));
                }
                kv = shared != null ? shared.lend(sm, opt.dualWeightError()) : keysValues(sm, st, layer, visualRows, rotate);
            }
            PruneInputs.Builder in = PruneInputs.builder(n).optSeed(ctx.seed()).optVisualStart(st.visualStart);
            // the frame grids come first; tokens after them (OneVision's video newline) belong to no frame
            if (ctx.gridHeight() > 0 && ctx.gridWidth() > 0
                    && track.origin().length >= (long) ctx.frames() * ctx.gridHeight() * ctx.gridWidth()
                    && track.size() == n && isOriginalOrder(track.origin())) {
                in.optGrid(ctx.frames(), ctx.gridHeight(), ctx.gridWidth());
            }
            if (needs.contains(Need.VISUAL_KV)) {
                in.optKeysValues(kv[0], kv[1]);
            }
            if (needs.contains(Need.TEXT_KEYS)) {
                in.optTextKeys(keysValues(sm, st, layer, textRows, rotate)[0]);
            }
            if (needs.contains(Need.LAST_TOKEN_ATTENTION) || needs.contains(Need.TEXT_TO_VISUAL_ATTENTION)) {
                if (l == 0 || st.previousInput == null) {
                    throw new PrunerContractException(pruner.name() + " needs attention from layer l - 1 but its stage is at layer "
                            + l + " (use a stage layer >= 1)");
                }
                NDArray textToVisual = AttentionProbe.toVisual(sm, ctx.decoder().layer(l - 1), st.previousInput, st.positions, cache.keys(l - 1), textRows, st.visualStart, n); // (T, N)
                in.optTextToVisualAttention(textToVisual);
                in.optLastTokenAttention(textToVisual.get(textToVisual.getShape().get(0) - 1));
            }
            if (needs.contains(Need.LAST_TOKEN_ATTENTION_AT_STAGE)) {
                in.optLastTokenAttentionAtStage(AttentionProbe.lastTokenAtStage(sm, layer, st.hidden, st.positions,
                        st.visualStart, n)); // (N)
            }
            if (needs.contains(Need.CLS_ATTENTION)) {
                in.optClsAttention(require(track.clsAttention(), pruner, Need.CLS_ATTENTION));
            }
            if (needs.contains(Need.VISION_ATTENTION)) {
                if (track.visionAttention() == null) {
                    throw new PrunerContractException(pruner.name() + " needs " + Need.VISION_ATTENTION
                            + " but this model's vision tower gives none");
                }
                in.optVisionAttention(track.visionAttention());
            }
            if (needs.contains(Need.VISION_KEYS)) {
                in.optVisionKeys(require(track.keys(), pruner, Need.VISION_KEYS));
            }
            if (needs.contains(Need.VISION_FEATURES)) {
                in.optVisionFeatures(track.features());
            }
            if (needs.contains(Need.VISUAL_HIDDEN)) {
                in.optVisualHidden(Rows.take(sm, st.hidden, visualRows));
            }
            if (needs.contains(Need.TEXT_HIDDEN)) {
                in.optTextHidden(Rows.take(sm, st.hidden, textRows));
            }
            PruneInputs inputs = in.build();
            inputs.requireAll(pruner.name(), needs);
            Selection sel = pruner.select(inputs, stage);
            int[] kept = checked(pruner, sel, stage, n);
            if (sel.merged() != null && sel.merged().getDevice().isGpu()) {
                sel.merged().get(0).toFloatArray(); // a GPU runs asynchronously: the clock reads the work done
            }
            double selectionMs = (System.nanoTime() - t0) / 1e6;
            int merged = sel.mergedCount();
            NDArray mergedHidden = mergedHidden(sm, sel, l, ctx, st.hidden, pruner);
            NDArray keptHidden = null; // (K, D) the kept tokens' own rows, replaced in place (HoliTom's inner merge)
            if (sel.mergeSpace() == MergeSpace.HIDDEN_IN_PLACE) {
                keptHidden = mergedHidden;
                mergedHidden = null;
            }
            double errExp = Double.NaN;
            double errLin = Double.NaN;
            if (opt.dualWeightError() && shared != null) {
                double[] e = shared.errors(kept);
                errExp = e[0];
                errLin = e[1];
            } else if (opt.dualWeightError()) {
                errExp = DualWeightError.relative(kv[0], kv[1], kept, Kernel.EXP);
                errLin = DualWeightError.relative(kv[0], kv[1], kept, Kernel.LINEAR);
            }
            rebuild(m, scope, st, kept, keptHidden, merged, mergedHidden, opt.positions());
            if (sel.mergeSpace() == MergeSpace.VISION_FEATURES) { // the merged features die with the scope
                st.track = track.select(m, kept, merged, sel.merged());
            } else { // rows of arrays that outlive the sequence (the sample's, or m's): taken if a later stage asks
                st.trackLater(() -> track.select(m, kept, merged, null));
            }
            return new StageReport(l, n, kept, merged, errExp, errLin, sel.diagnostics(), selectionMs);
        }
    }

    /** A pruner with its own choice of keys (IWP's "rope" parameter) keeps it; others follow the generation's option. */
    static boolean keysAfterRope(Pruner pruner, HookOptions opt) {
        return pruner.keysAfterRope().orElse(opt.keys() == HookOptions.KeyRope.AFTER_ROPE);
    }

    private static boolean isOriginalOrder(int[] origin) {
        for (int i = 0; i < origin.length; i++) {
            if (origin[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static NDArray require(NDArray a, Pruner p, Need need) {
        if (a == null) {
            throw new PrunerContractException(p.name() + " needs " + need
                    + " but the vision feature layer is the embeddings (no attention layer ran)");
        }
        return a;
    }

    /** Keys and values (G, R, d) of layer l for the given rows of the current input. */
    private static NDArray[] keysValues(NDManager sm, SequenceState st, DecoderLayer layer, int[] rows, boolean rotate) {
        return layer.keysValues(sm, Rows.take(sm, st.hidden, rows), st.positionsOf(rows), rotate);
    }

    private static int[] checked(Pruner p, Selection sel, Stage stage, int n) {
        int[] kept = sel.kept();
        if (kept.length > 0 && (kept[0] < 0 || kept[kept.length - 1] >= n)) {
            throw new PrunerContractException(p.name() + " kept index out of [0, " + n + "): "
                    + java.util.Arrays.toString(new int[] {kept[0], kept[kept.length - 1]}));
        }
        if (sel.size() != stage.keep()) {
            throw new PrunerContractException(p.name() + " stage at layer " + stage.layer() + " must return "
                    + stage.keep() + " tokens (kept + merged), found " + sel.size());
        }
        return kept;
    }

    private static NDArray mergedHidden(NDManager sm, Selection sel, int layer, StageContext ctx, NDArray hidden,
            Pruner p) {
        if (sel.mergeSpace() == MergeSpace.NONE) {
            return null;
        }
        NDArray merged = sel.merged();
        if (sel.mergeSpace() == MergeSpace.VISION_FEATURES) {
            if (layer != 0) {
                throw new PrunerContractException(p.name() + " merged in vision-feature space at layer " + layer
                        + "; projected features are decoder inputs only at layer 0");
            }
            merged = ctx.projector().apply(merged.toType(hidden.getDataType(), false));
        }
        if (merged.getShape().dimension() != 2 || merged.getShape().get(1) != hidden.getShape().get(1)) {
            throw new PrunerContractException(p.name() + " merged tokens must be (M, " + hidden.getShape().get(1)
                    + ") in decoder space, found " + merged.getShape());
        }
        return merged.toType(hidden.getDataType(), false);
    }

    /**
     * [text before | kept | merged | text after], with the position ids of the chosen mode; the kept rows are
     * {@code keptHidden} when a pruner replaced them in place, else taken from the current hidden states.
     */
    private static void rebuild(NDManager m, Scope scope, SequenceState st, int[] kept, NDArray keptHidden, int merged,
            NDArray mergedHidden, HookOptions.PositionMode mode) {
        NDManager sm = scope.manager();
        int before = st.visualStart;
        int after = st.length() - st.visualStart - st.visualCount;
        int[] keptRows = new int[kept.length];
        for (int i = 0; i < kept.length; i++) {
            keptRows[i] = st.visualStart + kept[i];
        }
        NDArray hidden;
        if (keptHidden == null && mergedHidden == null) { // every row is one of st.hidden's: one gather
            int[] rows = new int[before + keptRows.length + after];
            for (int i = 0; i < before; i++) {
                rows[i] = i;
            }
            System.arraycopy(keptRows, 0, rows, before, keptRows.length);
            for (int i = 0; i < after; i++) {
                rows[before + keptRows.length + i] = st.length() - after + i;
            }
            hidden = Rows.take(m, st.hidden, rows);
        } else {
            hidden = Rows.concat(m, Rows.range(sm, st.hidden, 0, before),
                    keptHidden != null ? keptHidden : Rows.take(sm, st.hidden, keptRows),
                    mergedHidden, Rows.range(sm, st.hidden, st.length() - after, st.length()));
        }
        int total = before + kept.length + merged + after;
        Positions positions = mode == HookOptions.PositionMode.REINDEX ? Positions.sequence(total)
                : keptPositions(st, keptRows, merged, after);
        st.hidden = hidden;
        st.positions = positions;
        st.visualCount = kept.length + merged;
        st.previousInput = null;
    }

    /**
     * ORIGINAL mode, on every position axis: text and kept tokens keep their ids; merged tokens have
     * none of their own and follow the last kept token, within the block.
     */
    private static Positions keptPositions(SequenceState st, int[] keptRows, int merged, int after) {
        int before = st.visualStart;
        int total = before + keptRows.length + merged + after;
        int blockEndRow = st.visualStart + st.visualCount - 1;
        int[][] out = new int[st.positions.axes()][total];
        for (int a = 0; a < out.length; a++) {
            int blockEnd = st.positions.get(a, blockEndRow);
            int lastKept = keptRows.length > 0 ? st.positions.get(a, keptRows[keptRows.length - 1])
                    : st.positions.get(a, st.visualStart) - 1;
            for (int i = 0; i < total; i++) {
                if (i < before) {
                    out[a][i] = st.positions.get(a, i);
                } else if (i < before + keptRows.length) {
                    out[a][i] = st.positions.get(a, keptRows[i - before]);
                } else if (i < before + keptRows.length + merged) {
                    out[a][i] = Math.min(lastKept + 1 + (i - before - keptRows.length), blockEnd);
                } else {
                    out[a][i] = st.positions.get(a, st.length() - after + (i - before - keptRows.length - merged));
                }
            }
        }
        return Positions.ofAxes(out);
    }
}
