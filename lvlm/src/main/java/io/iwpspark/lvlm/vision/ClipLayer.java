package io.iwpspark.lvlm.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.VisionConfig;
import io.iwpspark.lvlm.nn.Linear;
import io.iwpspark.lvlm.nn.Norms.LayerNorm;

/** One pre-LN ViT encoder layer, CLIP's and SigLIP's alike (same weight names): x + attn(ln1(x)), then + mlp(ln2(x)). */
final class ClipLayer {
    private final VisionConfig cfg;
    private final LayerNorm ln1; // (Dv)
    private final LayerNorm ln2; // (Dv)
    private final Linear q; // Dv -> Dv, with bias
    private final Linear k;
    private final Linear v;
    private final Linear out;
    private final Linear fc1; // Dv -> intermediate
    private final Linear fc2; // intermediate -> Dv
    // The scalars the ops below take, made once: x.muli(1.0 / ...) or x.mul(1.702f) would copy a new
    // 0-d tensor (float64, float32: the same types, so the same arithmetic) from the JVM on every call.
    private final NDArray scale; // () float64 1 / sqrt(head_dim)
    private final NDArray quickGeluSlope; // () float32 1.702

    ClipLayer(Checkpoint c, NDManager m, DataType t, VisionConfig cfg, String prefix) throws CheckpointException {
        this.cfg = cfg;
        int d = cfg.hidden();
        ln1 = LayerNorm.load(c, m, t, prefix + "layer_norm1", d, cfg.layerNormEps());
        ln2 = LayerNorm.load(c, m, t, prefix + "layer_norm2", d, cfg.layerNormEps());
        q = Linear.load(c, m, t, prefix + "self_attn.q_proj", d, d, true);
        k = Linear.load(c, m, t, prefix + "self_attn.k_proj", d, d, true);
        v = Linear.load(c, m, t, prefix + "self_attn.v_proj", d, d, true);
        out = Linear.load(c, m, t, prefix + "self_attn.out_proj", d, d, true);
        fc1 = Linear.load(c, m, t, prefix + "mlp.fc1", d, cfg.intermediate(), true);
        fc2 = Linear.load(c, m, t, prefix + "mlp.fc2", cfg.intermediate(), d, true);
        scale = m.create(1.0 / Math.sqrt(cfg.headDim()));
        quickGeluSlope = m.create(1.702f);
    }

    /**
     * @param x (F, S, Dv) hidden states entering the layer
     * @param taps where the attention probabilities (F, H, S, S) and keys (F, H, S, dh) are stored
     *     when non-null (the layer whose output is the feature layer)
     * @return (F, S, Dv) hidden states leaving it
     */
    NDArray forward(NDArray x, NDArray[] taps) {
        NDArray h = ln1.apply(x);
        NDArray queries = heads(q.apply(h));
        NDArray keys = heads(k.apply(h));
        NDArray values = heads(v.apply(h));
        NDArray scores = queries.matMul(keys.transpose(0, 1, 3, 2)).muli(scale);
        NDArray probs = scores.toType(DataType.FLOAT32, false).softmax(-1); // (F, H, S, S)
        if (taps != null) {
            taps[0] = probs;
            taps[1] = keys;
        }
        NDArray attn = probs.toType(x.getDataType(), false).matMul(values); // (F, H, S, dh)
        long f = x.getShape().get(0);
        long s = x.getShape().get(1);
        // The residual sum and QuickGELU's product land in place in a fresh intermediate (a + b = b + a and
        // a * b = b * a bit for bit): one (F, S, D) buffer fewer each.
        NDArray mid = out.apply(attn.transpose(0, 2, 1, 3).reshape(f, s, cfg.hidden())).addi(x);
        NDArray hidden = fc1.apply(ln2.apply(mid));
        NDArray act = switch (cfg.activation()) {
            case QUICK_GELU -> Activation.sigmoid(hidden.mul(quickGeluSlope)).muli(hidden);
            case GELU -> Activation.gelu(hidden);
            case GELU_TANH -> tanhGelu(hidden);
        };
        return mid.addi(fc2.apply(act));
    }

    /** torch's gelu(approximate="tanh") (SigLIP's gelu_pytorch_tanh): x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    static NDArray tanhGelu(NDArray x) {
        NDArray inner = x.add(x.pow(3).muli(0.044715f)).muli((float) Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().addi(1f)).muli(0.5f);
    }

    /** (F, S, Dv) -> (F, H, S, dh). */
    private NDArray heads(NDArray x) {
        Long f = x.getShape().get(0);
        return x.reshape(f, x.getShape().get(1), cfg.heads(), cfg.headDim()).transpose(0, 2, 1, 3);
    }
}
