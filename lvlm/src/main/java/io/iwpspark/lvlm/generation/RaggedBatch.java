package io.iwpspark.lvlm.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.nn.Rows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Several configurations continued together, of one sample or of several (each request tied to its
 * own prepared sample: prefix, cache and positions are its own). Each runs alone, stages included, up to
 * the layer where its sequence is fixed (its last stage); from there its rows join a ragged batch
 * (the sequences' rows one after another, each with its own positions and KV cache) that runs the
 * remaining layers and then greedy decoding as one {@link Decoder#stepBatch} per layer, so every
 * weight matrix is read once per batch instead of once per configuration. A sequence that reaches
 * EOS or its max_new_tokens leaves the batch. Accounting stays per configuration: tokens per layer,
 * stage reports and KV bytes are its own; batched milliseconds are shared out by rows (prefill) or
 * equally among the sequences of a decoding step.
 */
final class RaggedBatch {
    private final Generator generator;
    private final Decoder decoder;

    RaggedBatch(Generator generator, Decoder decoder) {
        this.generator = generator;
        this.decoder = decoder;
    }

    /** @param requests at least one; the batch's own arrays live under the first one's sample */
    List<GenerationOutcome> run(List<SampleRequest> requests) {
        int n = requests.size();
        Continuation[] runs = new Continuation[n];
        RuntimeException[] errors = new RuntimeException[n];
        Generation[] done = new Generation[n];
        try (NDManager bm = requests.get(0).sample().manager().newSubManager()) {
            for (int i = 0; i < n; i++) {
                try {
                    SampleRequest r = requests.get(i);
                    runs[i] = generator.begin(r.sample(), r.request());
                } catch (RuntimeException e) {
                    errors[i] = e;
                }
            }
            try {
                float[][] first = prefill(bm, runs, errors);
                long[] kvBytes = new long[n];
                for (int i = 0; i < n; i++) {
                    kvBytes[i] = live(runs, errors, i) ? runs[i].cache.bytes() : 0;
                }
                new RaggedDecode(generator, decoder).run(bm, runs, errors, first, kvBytes, done);
            } catch (RuntimeException e) { // batched work failed: it fails every configuration still in it
                for (int i = 0; i < n; i++) {
                    if (live(runs, errors, i) && done[i] == null) {
                        errors[i] = e;
                    }
                }
            }
        } finally {
            for (Continuation c : runs) {
                if (c != null) {
                    c.close();
                }
            }
        }
        List<GenerationOutcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(errors[i] != null ? new GenerationOutcome(null, errors[i]) : new GenerationOutcome(done[i], null));
        }
        return out;
    }

    /** Runs every layer each configuration needs; returns the logits (V) after its last prompt token. */
    private float[][] prefill(NDManager bm, Continuation[] runs, RuntimeException[] errors) {
        int layers = decoder.layers();
        List<Integer> members = new ArrayList<>(); // configurations in the batch, in the order of their rows
        NDArray packed = null; // (sum of members' S, D) hidden states entering the current layer
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < runs.length; i++) {
                if (!live(runs, errors, i) || l < runs[i].start) {
                    continue;
                }
                Continuation c = runs[i];
                if (members.contains(i)) {
                    c.stagesAt(l); // nothing left to apply: records the layer's tokens
                    continue;
                }
                long t = System.nanoTime();
                try {
                    c.stagesAt(l);
                    if (l < c.fixed) {
                        c.step(decoder, l);
                    } else {
                        NDArray joined = Rows.concat(bm, packed, c.state.hidden);
                        if (packed != null) {
                            packed.close();
                        }
                        packed = joined;
                        members.add(i);
                    }
                } catch (RuntimeException e) {
                    errors[i] = e;
                    c.close();
                    runs[i] = null;
                    continue;
                }
                c.ms += (System.nanoTime() - t) / 1e6;
            }
            if (!members.isEmpty()) {
                long t = System.nanoTime();
                // the last layer goes on only to the first logits: there each member's last row alone
                NDArray out = l == layers - 1
                        ? decoder.lastRowsBatch(bm, packed, positions(runs, members), caches(runs, members))
                        : decoder.stepBatch(l, bm, packed, positions(runs, members), caches(runs, members));
                packed.close();
                packed = out;
                shareByRows((System.nanoTime() - t) / 1e6, runs, members);
            }
        }
        return firstLogits(bm, runs, errors, members, packed);
    }

    /**
     * Logits after each configuration's last prompt token, in one product: the members' rows, then the last row
     * of each configuration whose prefix ran every layer.
     *
     * @param lastRows (members, D) each member's last row leaving the last layer, in members' order
     */
    private float[][] firstLogits(NDManager bm, Continuation[] runs, RuntimeException[] errors, List<Integer> members,
            NDArray lastRows) {
        long t = System.nanoTime();
        List<Integer> order = new ArrayList<>(members); // members stay live: a failure in the batch fails them all
        List<NDArray> last = new ArrayList<>();
        if (!members.isEmpty()) {
            last.add(lastRows);
        }
        for (int i = 0; i < runs.length; i++) {
            if (live(runs, errors, i) && !members.contains(i)) { // its prefix already ran every layer
                order.add(i);
                last.add(Rows.take(bm, runs[i].state.hidden, new int[] {runs[i].state.length() - 1}));
            }
        }
        float[][] out = new float[runs.length][];
        if (order.isEmpty()) {
            return out;
        }
        float[][] rows = rows(decoder.logits(Rows.concat(bm, last.toArray(new NDArray[0]))), order.size());
        double share = (System.nanoTime() - t) / 1e6 / order.size();
        for (int j = 0; j < order.size(); j++) {
            out[order.get(j)] = rows[j];
            runs[order.get(j)].ms += share;
        }
        return out;
    }

    static boolean live(Continuation[] runs, RuntimeException[] errors, int i) {
        return runs[i] != null && errors[i] == null;
    }

    private static List<Positions> positions(Continuation[] runs, List<Integer> members) {
        List<Positions> out = new ArrayList<>();
        for (int i : members) {
            out.add(runs[i].state.positions);
        }
        return out;
    }

    static List<KvCache> caches(Continuation[] runs, List<Integer> members) {
        List<KvCache> out = new ArrayList<>();
        for (int i : members) {
            out.add(runs[i].cache);
        }
        return out;
    }

    /** A batched layer's milliseconds, shared among its members by their rows. */
    private static void shareByRows(double ms, Continuation[] runs, List<Integer> members) {
        long rows = 0;
        for (int i : members) {
            rows += runs[i].state.length();
        }
        for (int i : members) {
            runs[i].ms += ms * runs[i].state.length() / rows;
        }
    }

    /** (R, V) float32 logits as R rows; the array is closed. */
    static float[][] rows(NDArray logits, int r) {
        float[] flat = logits.toFloatArray();
        logits.close();
        int v = flat.length / r;
        float[][] out = new float[r][];
        for (int j = 0; j < r; j++) {
            out[j] = Arrays.copyOfRange(flat, j * v, (j + 1) * v);
        }
        return out;
    }
}
