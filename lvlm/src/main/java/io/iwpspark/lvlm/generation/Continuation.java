package io.iwpspark.lvlm.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.hook.PrunerContractException;
import io.iwpspark.lvlm.hook.SequenceState;
import io.iwpspark.lvlm.hook.StageContext;
import io.iwpspark.lvlm.hook.StageExecutor;
import io.iwpspark.lvlm.hook.StageReport;
import io.iwpspark.lvlm.hook.VisualTrack;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.pruning.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One configuration's prefill from a prepared sample, layer by layer: its own manager, KV cache
 * (sharing the prefix's layers before its first stage), sequence state and accounting. The
 * sequence can change only at a stage layer, so from {@link #fixed} on it is final and may run in
 * a batch with other configurations.
 */
final class Continuation implements AutoCloseable {
    /** The prepared sample this configuration continues. */
    final PreparedSample sample;
    final GenerationRequest request;
    final NDManager manager;
    final KvCache cache;
    final SequenceState state;
    /** First layer this configuration runs (before it, the shared prefix serves it). */
    final int start;
    /** The layer from which its sequence no longer changes: its last stage's layer, else {@link #start}. */
    final int fixed;
    final int[] tokens; // (L) tokens each layer saw in prefill
    final int[] visualTokens; // (L) visual tokens among them
    final List<StageReport> reports = new ArrayList<>();
    /** Milliseconds of this configuration's continuation (its share of batched work included). */
    double ms;
    /** The decode steps' compute, set when decoding starts. */
    DecodeCompute compute;
    /** N0, the sample's visual tokens before any stage. */
    private final int originalVisual;
    private final List<Stage> plan;
    private final StageContext ctx;
    private int next;

    private Continuation(PreparedSample sample, GenerationRequest request, NDManager manager, KvCache cache, SequenceState state,
            List<Stage> plan, int start, StageContext ctx, int layers, int originalVisual) {
        this.sample = sample;
        this.request = request;
        this.manager = manager;
        this.cache = cache;
        this.state = state;
        this.plan = plan;
        this.start = start;
        this.fixed = plan.isEmpty() ? start : plan.get(plan.size() - 1).layer();
        this.ctx = ctx;
        this.tokens = new int[layers];
        this.visualTokens = new int[layers];
        this.originalVisual = originalVisual;
        Arrays.fill(tokens, 0, start, state.length());
        Arrays.fill(visualTokens, 0, start, state.visualCount);
    }

    /** Opens the continuation in a new sub-manager of the sample's (closed with it). */
    static Continuation begin(Decoder decoder, UnaryOperator<NDArray> projector, PreparedSample sample,
            GenerationRequest request) {
        long t0 = System.nanoTime();
        int layers = decoder.layers();
        VisualTokens visual = sample.visual();
        var pruner = request.pruner();
        List<Stage> plan = pruner == null ? List.of()
                : checkedPlan(pruner, pruner.plan(visual.count(), request.budget(), layers), layers);
        int start = plan.isEmpty() ? sample.depth() : Math.min(plan.get(0).layer(), sample.depth());
        NDManager gm = sample.manager().newSubManager();
        KvCache cache = KvCache.sharing(gm, sample.cache(), start);
        StageContext ctx = new StageContext(decoder, projector, visual.frames(), visual.gridHeight(),
                visual.gridWidth(), sample.seed(), request.options().hook(), sample.sharedStageInputs());
        Continuation c = new Continuation(sample, request, gm, cache, initialState(sample, start), plan, start, ctx, layers,
                visual.count());
        c.ms = (System.nanoTime() - t0) / 1e6;
        return c;
    }

    /** Applies the stages planned at layer l, then records what layer l will see. */
    void stagesAt(int l) {
        while (next < plan.size() && plan.get(next).layer() == l) {
            reports.add(StageExecutor.apply(manager, state, cache, request.pruner(), plan.get(next++), ctx));
        }
        tokens[l] = state.length();
        visualTokens[l] = state.visualCount;
    }

    /** Runs layer l on this sequence alone. */
    void step(Decoder decoder, int l) {
        NDArray out = decoder.step(l, manager, state.hidden, state.positions, cache);
        state.previousInput = state.hidden;
        state.hidden = out;
    }

    /** The pruner's decoding rule over this sequence (null without one); call once the prefill ran. */
    DecodeMasks decodeMasks(Decoder decoder) {
        return DecodeMasks.of(decoder, request.pruner(), plan, originalVisual, state.visualStart, state.visualCount);
    }

    /** The budget reported: the visual tokens when unpruned. */
    int budget(int visualCount) {
        return request.pruner() == null ? visualCount : request.budget();
    }

    String prunerName() {
        return request.pruner() == null ? "none" : request.pruner().name();
    }

    @Override
    public void close() {
        manager.close();
    }

    private static SequenceState initialState(PreparedSample sample, int start) {
        SequenceState st = new SequenceState();
        st.hidden = sample.boundary(start);
        st.previousInput = start > 0 ? sample.boundary(start - 1) : null;
        st.positions = sample.positions();
        st.visualStart = sample.layout().visualStart();
        st.visualCount = sample.layout().visualCount();
        VisualTokens v = sample.visual();
        st.track = VisualTrack.initial(v.features(), v.clsAttention(), v.keys(), v.visionAttention());
        return st;
    }

    private static List<Stage> checkedPlan(io.iwpspark.pruning.Pruner p, List<Stage> plan, int layers) {
        for (int i = 0; i < plan.size(); i++) {
            Stage s = plan.get(i);
            if (s.layer() >= layers) {
                throw new PrunerContractException(p.name() + " plans a stage at layer " + s.layer()
                        + " of a " + layers + "-layer decoder");
            }
            if (i > 0 && (s.layer() <= plan.get(i - 1).layer() || s.keep() > plan.get(i - 1).keep())) {
                throw new PrunerContractException(p.name() + " plan must have ascending layers and non-increasing keeps, found "
                        + plan);
            }
        }
        return plan;
    }
}
