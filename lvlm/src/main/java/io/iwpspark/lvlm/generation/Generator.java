package io.iwpspark.lvlm.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.hook.SequenceState;
import io.iwpspark.lvlm.runtime.CostModel;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.lvlm.nn.Rows;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.Pruner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * One configuration's run from a prepared sample, the loop every family shares: continue the prefill
 * from the shared prefix at the first stage layer (stages applied on the way), then greedy decoding
 * with the KV cache until EOS or max_new_tokens, with the accounting of {@link Generation}. Several
 * configurations, of one sample or of several, may run as one batch ({@link #generateAll}) with the
 * same results.
 */
public final class Generator {
    private final Decoder decoder;
    private final UnaryOperator<NDArray> projector;
    private final Function<int[], String> detokenize;
    private final IntPredicate eos;
    private final CostModel cost;
    private final ModelCard card;

    /**
     * @param projector vision features (M, Dv * k) -> decoder embeddings (M, D), for tokens merged in vision space
     * @param detokenize generated ids -> text
     * @param eos whether an id ends a generation
     * @param cost the family's compute model
     * @param card the family's card: a request whose pruner needs an input the family cannot supply is refused
     */
    public Generator(Decoder decoder, UnaryOperator<NDArray> projector, Function<int[], String> detokenize,
            IntPredicate eos, CostModel cost, ModelCard card) {
        this.decoder = decoder;
        this.projector = projector;
        this.detokenize = detokenize;
        this.eos = eos;
        this.cost = cost;
        this.card = card;
    }

    /**
     * Opens one request's continuation, the only way in for the one-by-one and the batched path alike; refuses,
     * before any work, a pruner that needs an input this family cannot compute (OneVision's CLS attention).
     */
    Continuation begin(PreparedSample sample, GenerationRequest request) {
        Pruner pruner = request.pruner();
        if (pruner != null) {
            Set<Need> missing = card.missing(pruner.needs());
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(pruner.name() + " needs " + missing + ", which the " + card.family()
                        + " model cannot supply");
            }
        }
        return Continuation.begin(decoder, projector, sample, request);
    }

    public Generation generate(PreparedSample sample, Pruner pruner, int budget, GenerationOptions options) {
        try (Continuation c = begin(sample, new GenerationRequest(pruner, budget, options))) {
            long t0 = System.nanoTime();
            SequenceState st = c.state;
            for (int l = c.start; l < decoder.layers(); l++) {
                c.stagesAt(l);
                c.step(decoder, l);
            }
            float[] logits = decoder.logits(Rows.take(c.manager, st.hidden, new int[] {st.length() - 1})).toFloatArray();
            c.ms += (System.nanoTime() - t0) / 1e6;
            long kvBytes = c.cache.bytes();
            long t1 = System.nanoTime();
            List<float[]> stepLogits = options.keepLogits() ? new ArrayList<>() : null;
            DecodeMasks masks = c.decodeMasks(decoder);
            c.compute = newCompute();
            int[] ids = decode(c.manager, c.cache, logits, st.positions, options.maxNewTokens(), stepLogits, masks,
                    c.compute);
            double decodeMs = (System.nanoTime() - t1) / 1e6;
            return result(c, ids, decodeMs, kvBytes, stepLogits);
        }
    }

    /**
     * Every request's generation from one prepared sample, in request order. With {@code batchSize} 1
     * each runs alone ({@link #generate}); above, groups of that many consecutive requests continue as
     * one ragged batch (see {@link RaggedBatch}) with the same ids and, within float rounding, logits.
     * A request that fails (a pruner's contract, the engine) gets its error; the others go on.
     */
    public List<GenerationOutcome> generateAll(PreparedSample sample, List<GenerationRequest> requests, int batchSize) {
        return generateAll(requests.stream().map(r -> new SampleRequest(sample, r)).toList(), batchSize);
    }

    /**
     * The same over requests of several prepared samples (all open until this returns): groups of
     * {@code batchSize} consecutive requests, whichever samples they come from, continue as one ragged
     * batch, each against its own sample's prefix and cache; results in request order, each equal to
     * its sample's one-by-one run.
     */
    public List<GenerationOutcome> generateAll(List<SampleRequest> requests, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
        }
        GenerationOutcome[] byRequest = new GenerationOutcome[requests.size()];
        List<Integer> batched = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            GenerationRequest r = requests.get(i).request();
            // A pruner with a decoding rule (DyCoke) masks its own cache step by step: it decodes alone.
            if (batchSize == 1 || r.pruner() != null && r.pruner().decodeRule().isPresent()) {
                try {
                    byRequest[i] = new GenerationOutcome(generate(requests.get(i).sample(), r.pruner(), r.budget(),
                            r.options()), null);
                } catch (RuntimeException e) {
                    byRequest[i] = new GenerationOutcome(null, e);
                }
            } else {
                batched.add(i);
            }
        }
        for (int from = 0; from < batched.size(); from += batchSize) {
            List<Integer> ids = batched.subList(from, Math.min(batched.size(), from + batchSize));
            List<GenerationOutcome> results = new RaggedBatch(this, decoder)
                    .run(ids.stream().map(requests::get).toList());
            for (int j = 0; j < ids.size(); j++) {
                byRequest[ids.get(j)] = results.get(j);
            }
        }
        return java.util.Arrays.asList(byRequest);
    }

    /** The generation of a finished continuation, with the accounting of {@link Generation}. */
    Generation result(Continuation c, int[] ids, double decodeMs, long kvBytes, List<float[]> stepLogits) {
        VisualTokens visual = c.sample.visual();
        double sharedMs = c.sample.visionMs() + c.sample.layersMs(c.start);
        return new Generation(c.prunerName(), c.budget(visual.count()), detokenize.apply(ids), ids, c.tokens,
                c.visualTokens, cost.prefillFlops(c.tokens), cost.prefillMacsFastV(c.tokens), cost.visionFlops(visual),
                c.compute.flops(), c.compute.macsFastV(), sharedMs + c.ms, sharedMs, decodeMs, kvBytes, c.reports,
                stepLogits == null ? null : stepLogits.toArray(new float[0][]));
    }

    /** A counter of decode-step compute for one configuration. */
    DecodeCompute newCompute() {
        return new DecodeCompute(cost, decoder.layers());
    }

    boolean isEos(int token) {
        return eos.test(token);
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
