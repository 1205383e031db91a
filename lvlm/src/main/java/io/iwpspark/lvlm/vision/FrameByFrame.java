package io.iwpspark.lvlm.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import io.iwpspark.lvlm.nn.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A vision tower run on a CPU one frame (image, tile) at a time, each frame's intermediates freed before the
 * next: every op of a tower is per frame (per-row products, norms and softmax, per-(frame, head) attention),
 * so the outputs are the batched run's, bit for bit on the project's CPU (VisionFramesTest), while a frame's
 * activations stay in the core's cache. The quick start's 8-frame clips spent 72 ms per clip in the tower
 * batched against 49 ms this way (issue 15). A GPU keeps the batched run, one launch per op for all frames.
 */
final class FrameByFrame {
    private FrameByFrame() {}

    /** {@code tower} on pixels (F, C, H, W), frame by frame on a CPU when F > 1, else at once. */
    static VisionOutput run(NDArray pixels, Function<NDArray, VisionOutput> tower) {
        long f = pixels.getShape().get(0);
        if (f == 1 || pixels.getDevice().isGpu()) {
            return tower.apply(pixels);
        }
        List<VisionOutput> outs = new ArrayList<>();
        for (long i = 0; i < f; i++) {
            try (Scope scope = Scope.open(pixels.getManager())) {
                VisionOutput o = tower.apply(pixels.get(scope.manager(), new NDIndex("{}:{}", i, i + 1)));
                outs.add(new VisionOutput(keep(scope, o.features()), keep(scope, o.clsAttention()),
                        keep(scope, o.keys()), keep(scope, o.visionAttention())));
            }
        }
        return new VisionOutput(concat(outs, VisionOutput::features), concat(outs, VisionOutput::clsAttention),
                concat(outs, VisionOutput::keys), concat(outs, VisionOutput::visionAttention));
    }

    private static NDArray keep(Scope scope, NDArray x) {
        return x == null ? null : scope.keep(x);
    }

    /** One output part of every frame joined along the frame axis (null when the tower gives none). */
    private static NDArray concat(List<VisionOutput> outs, Function<VisionOutput, NDArray> part) {
        if (part.apply(outs.get(0)) == null) {
            return null;
        }
        NDList list = new NDList();
        for (VisionOutput o : outs) {
            list.add(part.apply(o));
        }
        NDArray all = NDArrays.concat(list, 0);
        list.close();
        return all;
    }
}
