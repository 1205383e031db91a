package io.iwpspark.lvlm.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoding half of a {@link RaggedBatch}: greedy steps of every configuration still going (of one
 * sample or of several), one row each (its last token, at its own next position, against its own KV
 * cache), through every layer as one {@link Decoder#stepBatch}; a sequence leaves at its EOS or max_new_tokens, as
 * {@link Generator#generate} stops. A step's milliseconds are shared equally among its sequences.
 */
final class RaggedDecode {
    private final Generator generator;
    private final Decoder decoder;

    RaggedDecode(Generator generator, Decoder decoder) {
        this.generator = generator;
        this.decoder = decoder;
    }

    /** Greedy decoding of every live configuration together, each until its EOS or max_new_tokens. */
    void run(NDManager bm, Continuation[] runs, RuntimeException[] errors, float[][] first, long[] kvBytes,
            Generation[] done) {
        int n = runs.length;
        List<List<Integer>> ids = new ArrayList<>();
        List<List<float[]>> kept = new ArrayList<>();
        int[] token = new int[n];
        int[] pos = new int[n];
        double[] ms = new double[n];
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(new ArrayList<>());
            kept.add(RaggedBatch.live(runs, errors, i) && runs[i].request.options().keepLogits() ? new ArrayList<>() : null);
            if (RaggedBatch.live(runs, errors, i)) {
                runs[i].compute = generator.newCompute();
                pos[i] = runs[i].state.positions.max() + 1; // generated tokens follow the largest prompt position
                active.add(i);
            }
        }
        float[][] logits = first;
        while (!active.isEmpty()) {
            List<Integer> going = new ArrayList<>();
            for (int i : active) {
                token[i] = Generator.argMax(logits[i]);
                ids.get(i).add(token[i]);
                if (kept.get(i) != null) {
                    kept.get(i).add(logits[i]);
                }
                if (ids.get(i).size() < runs[i].request.options().maxNewTokens() && !generator.isEos(token[i])) {
                    going.add(i);
                }
            }
            active = going;
            if (active.isEmpty()) {
                break;
            }
            long t = System.nanoTime();
            logits = step(bm, runs, active, token, pos);
            double share = (System.nanoTime() - t) / 1e6 / active.size();
            for (int i : active) {
                ms[i] += share;
                pos[i]++;
            }
        }
        for (int i = 0; i < n; i++) {
            if (RaggedBatch.live(runs, errors, i)) {
                int[] generated = ids.get(i).stream().mapToInt(Integer::intValue).toArray();
                done[i] = generator.result(runs[i], generated, ms[i], kvBytes[i], kept.get(i));
            }
        }
    }

    /** One decoding step of the active sequences: their last tokens through every layer; logits by configuration. */
    private float[][] step(NDManager bm, Continuation[] runs, List<Integer> active, int[] token, int[] pos) {
        try (NDManager sm = bm.newSubManager()) {
            int[] last = new int[active.size()];
            List<Positions> at = new ArrayList<>();
            for (int j = 0; j < last.length; j++) {
                int i = active.get(j);
                last[j] = token[i];
                at.add(runs[i].state.positions.single(pos[i]));
            }
            List<KvCache> caches = RaggedBatch.caches(runs, active);
            NDArray x = decoder.embed(sm, last); // (B, D)
            for (int l = 0; l < decoder.layers(); l++) {
                for (int i : active) {
                    runs[i].compute.attend(l, runs[i].cache, null);
                }
                NDArray y = decoder.stepBatch(l, sm, x, at, caches);
                x.close();
                x = y;
            }
            for (int i : active) {
                runs[i].compute.endStep();
            }
            float[][] rows = RaggedBatch.rows(decoder.logits(x), last.length);
            float[][] out = new float[runs.length][];
            for (int j = 0; j < last.length; j++) {
                out[active.get(j)] = rows[j];
            }
            return out;
        }
    }
}
