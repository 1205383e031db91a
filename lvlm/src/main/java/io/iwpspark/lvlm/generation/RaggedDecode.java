package io.iwpspark.lvlm.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.PaddedKv;
import io.iwpspark.lvlm.decoder.Positions;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoding half of a {@link RaggedBatch}: greedy steps of every configuration still going (of one
 * sample or of several), one row each (its last token, at its own next position, against its own KV
 * cache), through every layer as one {@link Decoder#stepBatch}; a sequence leaves at its EOS or max_new_tokens, as
 * {@link Generator#generate} stops. A step's milliseconds are shared equally among its sequences.
 * A decoder that {@link Decoder#decodesPadded} gets the sequences' caches once, padded ({@link PaddedKv}; the
 * much longer ones in a group of their own, {@link DecodeGroups}), and every step extends those (the per-sequence
 * caches, whose bytes were counted before, stay as prefilled); a sequence that leaves drops its row.
 */
final class RaggedDecode {
    private final Generator generator;
    private final Decoder decoder;
    private List<Group> groups; // the padded caches, once the first step has built them

    /** Sequences decoding against one padded cache: rows.get(j) is the configuration of row j of kv. */
    private static final class Group {
        final PaddedKv kv;
        List<Integer> rows;

        Group(PaddedKv kv, List<Integer> rows) {
            this.kv = kv;
            this.rows = rows;
        }
    }

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
        try {
            loop(bm, runs, ids, kept, token, pos, ms, active, first);
        } finally {
            if (groups != null) {
                groups.forEach(g -> g.kv.close());
            }
        }
        for (int i = 0; i < n; i++) {
            if (RaggedBatch.live(runs, errors, i)) {
                int[] generated = ids.get(i).stream().mapToInt(Integer::intValue).toArray();
                done[i] = generator.result(runs[i], generated, ms[i], kvBytes[i], kept.get(i));
            }
        }
    }

    /** Steps until every configuration has stopped; fills ids, kept logits and milliseconds by configuration. */
    private void loop(NDManager bm, Continuation[] runs, List<List<Integer>> ids, List<List<float[]>> kept, int[] token,
            int[] pos, double[] ms, List<Integer> active, float[][] first) {
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
            logits = decoder.decodesPadded() ? stepPadded(bm, runs, active, token, pos) : step(bm, runs, active, token, pos);
            double share = (System.nanoTime() - t) / 1e6 / active.size();
            for (int i : active) {
                ms[i] += share;
                pos[i]++;
            }
        }
    }

    /**
     * One decoding step of the active sequences against the padded caches (built at the first step, rows of
     * sequences that left dropped at later ones); logits by configuration.
     */
    private float[][] stepPadded(NDManager bm, Continuation[] runs, List<Integer> active, int[] token, int[] pos) {
        if (groups == null) {
            groups = new ArrayList<>();
            for (List<Integer> members : DecodeGroups.of(active, RaggedBatch.caches(runs, active))) {
                groups.add(new Group(PaddedKv.of(bm, RaggedBatch.caches(runs, members)), members));
            }
        }
        float[][] out = new float[runs.length][];
        List<Group> going = new ArrayList<>();
        for (Group g : groups) {
            List<Integer> still = new ArrayList<>(g.rows);
            still.retainAll(active);
            if (still.isEmpty()) {
                g.kv.close();
                continue;
            }
            if (!still.equals(g.rows)) {
                int[] keep = new int[still.size()];
                for (int j = 0; j < keep.length; j++) {
                    keep[j] = g.rows.indexOf(still.get(j)); // still keeps rows' order: increasing
                }
                g.kv.retain(keep);
                g.rows = still;
            }
            going.add(g);
            float[][] rows = stepPadded(bm, runs, g, token, pos);
            for (int i : g.rows) {
                out[i] = rows[i];
            }
        }
        groups = going;
        return out;
    }

    /** One step of a group's sequences against its padded cache; logits by configuration. */
    private float[][] stepPadded(NDManager bm, Continuation[] runs, Group g, int[] token, int[] pos) {
        try (NDManager sm = bm.newSubManager()) {
            List<Positions> at = new ArrayList<>();
            int[] last = lastTokens(runs, g.rows, token, pos, at);
            for (int j = 0; j < last.length; j++) {
                for (int l = 0; l < decoder.layers(); l++) {
                    runs[g.rows.get(j)].compute.attend(l, g.kv.length(j, l));
                }
            }
            NDArray x = decoder.decodeStep(sm, decoder.embed(sm, last), at, g.kv); // (B, D)
            for (int i : g.rows) {
                runs[i].compute.endStep();
            }
            return byConfiguration(runs.length, g.rows, RaggedBatch.rows(decoder.logits(x), last.length));
        }
    }

    /** The active sequences' last tokens (B), in order; their next positions are added to {@code at}. */
    private static int[] lastTokens(Continuation[] runs, List<Integer> active, int[] token, int[] pos, List<Positions> at) {
        int[] last = new int[active.size()];
        for (int j = 0; j < last.length; j++) {
            int i = active.get(j);
            last[j] = token[i];
            at.add(runs[i].state.positions.single(pos[i]));
        }
        return last;
    }

    /** Rows (B) of the active configurations placed at their indices among n. */
    private static float[][] byConfiguration(int n, List<Integer> active, float[][] rows) {
        float[][] out = new float[n][];
        for (int j = 0; j < rows.length; j++) {
            out[active.get(j)] = rows[j];
        }
        return out;
    }

    /** One decoding step of the active sequences: their last tokens through every layer; logits by configuration. */
    private float[][] step(NDManager bm, Continuation[] runs, List<Integer> active, int[] token, int[] pos) {
        try (NDManager sm = bm.newSubManager()) {
            List<Positions> at = new ArrayList<>();
            int[] last = lastTokens(runs, active, token, pos, at);
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
            return byConfiguration(runs.length, active, RaggedBatch.rows(decoder.logits(x), last.length));
        }
    }
}
