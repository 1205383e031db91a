package io.iwpspark.lvlm.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.Decoder;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.nn.Rows;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The shared prefix every family computes the same way once its visual tokens exist: token
 * embeddings with the visual slots replaced by the projected visual tokens, then decoder layers
 * 0..P-1 on the full sequence, keeping the hidden states entering each layer and the KV cache.
 */
public final class Prefill {
    private Prefill() {}

    /**
     * Builds the prepared sample in {@code sm}, which it then owns (closed with the sample).
     *
     * @param layout the expanded prompt
     * @param visual the visual tokens, {@code layout.visualCount()} of them
     * @param positions the prompt's position ids (S)
     * @param visionMs the milliseconds the visual tokens took
     * @param sync waits for the device after each layer (a GPU runs asynchronously), so timers read work done
     */
    public static PreparedSample run(NDManager sm, Decoder decoder, PromptTokens.Layout layout, VisualTokens visual,
            Positions positions, double visionMs, PrepareOptions options, boolean sync) {
        int[] ids = layout.ids();
        if (visual.count() != layout.visualCount() || positions.length() != ids.length) {
            throw new IllegalArgumentException("layout of " + ids.length + " ids with " + layout.visualCount()
                    + " visual slots needs as many visual tokens and positions, found " + visual.count() + " and "
                    + positions.length());
        }
        if (ids.length > decoder.maxPositions()) {
            throw new IllegalArgumentException("prompt of " + ids.length + " tokens (" + layout.visualCount()
                    + " visual) exceeds the model's " + decoder.maxPositions() + " positions (max_position_embeddings)");
        }
        int start = layout.visualStart();
        int end = start + layout.visualCount();
        NDArray text = decoder.embed(sm, ids); // (S, D), visual slots replaced next
        NDArray x = Rows.concat(sm, Rows.range(sm, text, 0, start), visual.projected(), Rows.range(sm, text, end, ids.length));
        text.close();
        int depth = Math.min(options.prefixLayers(), decoder.layers());
        NDArray[] boundary = new NDArray[depth + 1];
        boundary[0] = x;
        KvCache cache = new KvCache(sm, decoder.layers());
        double[] layerMs = new double[depth];
        for (int l = 0; l < depth; l++) {
            long t = System.nanoTime();
            boundary[l + 1] = decoder.step(l, sm, boundary[l], positions, cache);
            if (sync) {
                boundary[l + 1].get(0).get(0).toFloatArray();
            }
            layerMs[l] = (System.nanoTime() - t) / 1e6;
        }
        return new PreparedSample(sm, layout, visual, positions, boundary, cache, visionMs, layerMs, options.seed());
    }

    /**
     * A family's prepare, all but its visual tokens: runs {@code encode} in a new sub-manager of
     * {@code parent}, expands the one {@code placeholder} of {@code promptIds} to the visual block, times
     * the vision part (waiting for a GPU), then {@link #run} with 1-D positions. The sub-manager is
     * closed if anything fails, else owned by the sample.
     */
    public static PreparedSample prepare(NDManager parent, Decoder decoder, Function<NDManager, VisualTokens> encode,
            int[] promptIds, int placeholder, PrepareOptions options, boolean gpu) {
        NDManager sm = parent.newSubManager();
        boolean done = false;
        try {
            long t0 = System.nanoTime();
            VisualTokens visual = encode.apply(sm);
            PromptTokens.Layout layout = PromptTokens.Layout.expand(promptIds, placeholder, visual.count());
            if (gpu) {
                visual.projected().get(0).toFloatArray(); // CUDA runs asynchronously: wait before reading the timer
            }
            double visionMs = (System.nanoTime() - t0) / 1e6;
            PreparedSample sample = run(sm, decoder, layout, visual, Positions.sequence(layout.ids().length), visionMs,
                    options, gpu);
            done = true;
            return sample;
        } finally {
            if (!done) {
                sm.close();
            }
        }
    }

    /** Float32 logits (S, V) at every prompt position of an unpruned prefix that ran every layer. */
    public static float[][] promptLogits(Decoder decoder, PreparedSample sample) {
        if (sample.depth() != decoder.layers()) {
            throw new IllegalArgumentException("promptLogits needs a prefix of all " + decoder.layers()
                    + " layers, found " + sample.depth());
        }
        try (NDManager m = sample.manager().newSubManager()) {
            NDArray last = sample.boundary(sample.depth());
            NDArray logits = decoder.logits(Rows.range(m, last, 0, (int) last.getShape().get(0)));
            int s = (int) logits.getShape().get(0);
            int v = (int) logits.getShape().get(1);
            float[] flat = logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            float[][] out = new float[s][];
            for (int i = 0; i < s; i++) {
                out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
            }
            return out;
        }
    }
}
