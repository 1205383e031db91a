package io.iwpspark.lvlm.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.iwpspark.lvlm.decoder.KvCache;
import io.iwpspark.lvlm.decoder.Positions;
import io.iwpspark.lvlm.hook.SharedStageInputs;

/**
 * The shared prefix of one sample, computed once by a family's prepare ({@link Prefill}) and reused by every
 * pruning configuration: the expanded prompt, the visual tokens (vision features, projected
 * embeddings, CLS attention, vision keys), the hidden states entering each decoder layer
 * 0..depth ({@code boundary(depth)} is the output of the last layer run), and the KV cache of layers
 * below depth. A configuration whose first stage is at layer l starts from boundary(min(l, depth))
 * and shares the cache of the layers below it; it never changes these arrays. Use one generation at a
 * time per sample (arrays are attached to a generation's scope while it reads them); close it when done.
 */
public final class PreparedSample implements AutoCloseable {
    private final NDManager manager;
    private final PromptTokens.Layout layout;
    private final VisualTokens visual;
    private final Positions positions; // (S) position ids of the prompt
    private final NDArray[] boundary; // boundary[l]: (S, D) hidden states entering layer l, l = 0..depth
    private final KvCache cache; // layers 0..depth-1, every token
    private final double visionMs;
    private final double[] layerMs; // per prefix layer
    private final long seed;
    private SharedStageInputs shared; // made on first use, closed with the sample

    PreparedSample(NDManager manager, PromptTokens.Layout layout, VisualTokens visual, Positions positions,
            NDArray[] boundary, KvCache cache, double visionMs, double[] layerMs, long seed) {
        this.manager = manager;
        this.layout = layout;
        this.visual = visual;
        this.positions = positions;
        this.boundary = boundary;
        this.cache = cache;
        this.visionMs = visionMs;
        this.layerMs = layerMs;
        this.seed = seed;
    }

    public NDManager manager() {
        return manager;
    }

    /** Prompt ids with the visual block expanded (image token id in each visual slot). */
    public int[] ids() {
        return layout.ids().clone();
    }

    public PromptTokens.Layout layout() {
        return layout;
    }

    public VisualTokens visual() {
        return visual;
    }

    /** The prompt's position ids, before any pruning. */
    public Positions positions() {
        return positions;
    }

    /** Decoder layers run in the prefix. */
    public int depth() {
        return boundary.length - 1;
    }

    /** (S, D) hidden states entering layer l (l = depth(): leaving the last prefix layer). */
    public NDArray boundary(int layer) {
        return boundary[layer];
    }

    public KvCache cache() {
        return cache;
    }

    /** Vision tower + projector milliseconds. */
    public double visionMs() {
        return visionMs;
    }

    /** Milliseconds of prefix layers [0, layers). */
    public double layersMs(int layers) {
        double t = 0;
        for (int l = 0; l < layers; l++) {
            t += layerMs[l];
        }
        return t;
    }

    public long seed() {
        return seed;
    }

    /** What pruning stages compute from this prefix alone, kept for every configuration of the sample. */
    public SharedStageInputs sharedStageInputs() {
        if (shared == null) {
            shared = new SharedStageInputs(manager.newSubManager(), boundary);
        }
        return shared;
    }

    @Override
    public void close() {
        if (shared != null) {
            shared.close();
        }
        manager.close();
    }
}
