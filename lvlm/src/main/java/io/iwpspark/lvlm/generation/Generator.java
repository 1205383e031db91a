package io.iwpspark.lvlm.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.hook.PrunerContractException;
import io.iwpspark.lvlm.hook.SequenceState;
import io.iwpspark.lvlm.hook.StageContext;
import io.iwpspark.lvlm.hook.StageExecutor;
import io.iwpspark.lvlm.hook.StageReport;
import io.iwpspark.lvlm.hook.VisualTrack;
import io.iwpspark.lvlm.runtime.CostModel;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.lvlm.nn.Rows;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * One configuration's run from a prepared sample, the loop every family shares: continue the prefill
 * from the shared prefix at the first stage layer (stages applied on the way), then greedy decoding
 * with the KV cache until EOS or max_new_tokens, with the accounting of {@link Generation}.
 */
public final class Generator {
    private final Decoder decoder;
    private final UnaryOperator<NDArray> projector;
    private final Function<int[], String> detokenize;
    private final IntPredicate eos;
    private final CostModel cost;

    /**
     * @param projector vision features (M, Dv * k) -> decoder embeddings (M, D), for tokens merged in vision space
     * @param detokenize generated ids -> text
     * @param eos whether an id ends a generation
     * @param cost the family's compute model
     */
    public Generator(Decoder decoder, UnaryOperator<NDArray> projector, Function<int[], String> detokenize,
            IntPredicate eos, CostModel cost) {
        this.decoder = decoder;
        this.projector = projector;
        this.detokenize = detokenize;
        this.eos = eos;
        this.cost = cost;
    }

    public Generation generate(PreparedSample sample, Pruner pruner, int budget, GenerationOptions options) {
        int layers = decoder.layers();
        VisualTokens visual = sample.visual();
        int n0 = visual.count();
        List<Stage> plan = pruner == null ? List.of() : checkedPlan(pruner, pruner.plan(n0, budget, layers), layers);
        int start = plan.isEmpty() ? sample.depth() : Math.min(plan.get(0).layer(), sample.depth());
        try (NDManager gm = sample.manager().newSubManager()) {
            long t0 = System.nanoTime();
            KvCache cache = KvCache.sharing(gm, sample.cache(), start);
            SequenceState st = initialState(sample, start);
            StageContext ctx = new StageContext(decoder, projector, visual.frames(), visual.gridHeight(),
                    visual.gridWidth(), sample.seed(), options.hook());
            int[] tokens = new int[layers];
            int[] visualTokens = new int[layers];
            java.util.Arrays.fill(tokens, 0, start, st.length());
            java.util.Arrays.fill(visualTokens, 0, start, n0);
            List<StageReport> reports = new ArrayList<>();
            int next = 0;
            for (int l = start; l < layers; l++) {
                while (next < plan.size() && plan.get(next).layer() == l) {
                    reports.add(StageExecutor.apply(gm, st, cache, pruner, plan.get(next++), ctx));
                }
                tokens[l] = st.length();
                visualTokens[l] = st.visualCount;
                NDArray out = decoder.step(l, gm, st.hidden, st.positions, cache);
                st.previousInput = st.hidden;
                st.hidden = out;
            }
            float[] logits = decoder.logits(Rows.take(gm, st.hidden, new int[] {st.length() - 1})).toFloatArray();
            double continuationMs = (System.nanoTime() - t0) / 1e6;
            long kvBytes = cache.bytes();
            long t1 = System.nanoTime();
            List<float[]> stepLogits = options.keepLogits() ? new ArrayList<>() : null;
            DecodeMasks masks = DecodeMasks.of(decoder, pruner, plan, n0, st.visualStart, st.visualCount);
            DecodeCompute compute = new DecodeCompute(cost, layers);
            int[] ids = decode(gm, cache, logits, st.positions, options.maxNewTokens(), stepLogits, masks, compute);
            double decodeMs = (System.nanoTime() - t1) / 1e6;
            double sharedMs = sample.visionMs() + sample.layersMs(start);
            return new Generation(pruner == null ? "none" : pruner.name(), pruner == null ? n0 : budget,
                    detokenize.apply(ids), ids, tokens, visualTokens, cost.prefillFlops(tokens),
                    cost.prefillMacsFastV(tokens), cost.visionFlops(visual), compute.flops(), compute.macsFastV(),
                    sharedMs + continuationMs, sharedMs, decodeMs, kvBytes, reports,
                    stepLogits == null ? null : stepLogits.toArray(new float[0][]));
        }
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

    /**
     * Greedy decoding: each step embeds the last token, runs every layer against its cache, takes the
     * argmax. Generated tokens continue after the largest prompt position, on every axis. A pruner's decoding
     * rule ({@code masks}, or null) hides visual cache entries from the layers it names, step by step;
     * {@code compute} counts the keys each step attends.
     */
    private int[] decode(NDManager gm, KvCache cache, float[] firstLogits, Positions prompt, int maxNew,
            List<float[]> keep, DecodeMasks masks, DecodeCompute compute) {
        List<Integer> ids = new ArrayList<>();
        int token = argMax(firstLogits);
        if (keep != null) {
            keep.add(firstLogits);
        }
        int pos = prompt.max() + 1;
        ids.add(token);
        while (ids.size() < maxNew && !eos.test(token)) {
            NDArray x = decoder.embed(gm, new int[] {token}); // (1, D)
            Positions at = prompt.single(pos);
            try (NDManager sm = gm.newSubManager()) {
                for (int l = 0; l < decoder.layers(); l++) {
                    compute.attend(l, cache, masks);
                    NDArray y = decoder.step(l, gm, x, at, cache, masks == null ? null : masks.mask(sm, l, cache));
                    if (masks != null && l == masks.probeLayer()) {
                        masks.probe(sm, x, at, cache);
                    }
                    x.close();
                    x = y;
                }
                compute.endStep();
            }
            NDArray logits = decoder.logits(x);
            float[] row = logits.toFloatArray();
            token = argMax(row);
            if (keep != null) {
                keep.add(row);
            }
            logits.close();
            x.close();
            ids.add(token);
            pos++;
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Stage> checkedPlan(Pruner p, List<Stage> plan, int layers) {
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

    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
