package io.iwpspark.lvlm.hook;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.llama.LlamaDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiny two-layer LLaMA decoder of tools/pdrop_reference.py, drawn from SplitMix64 on both sides: weight
 * number i of {@link #names()} has seed 1000 + i; projections are v / 16, norm weights 1 + v / 16.
 */
final class SplitMixDecoder {
    static final int HIDDEN = 16;
    static final int HEADS = 2;
    static final int HEAD_DIM = 8;
    static final int FFN = 32;
    static final int VOCAB = 8;
    static final TextConfig CONFIG = TextConfig.llama(VOCAB, HIDDEN, FFN, 2, HEADS, HEADS, HEAD_DIM, 1e-5, 10000,
            2048, false);
    private static final String[] LAYER = {"self_attn.q_proj.weight", "self_attn.k_proj.weight",
        "self_attn.v_proj.weight", "self_attn.o_proj.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight",
        "mlp.down_proj.weight", "input_layernorm.weight", "post_attention_layernorm.weight"};
    private static final long[][] LAYER_SHAPES = {{HEADS * HEAD_DIM, HIDDEN}, {HEADS * HEAD_DIM, HIDDEN},
        {HEADS * HEAD_DIM, HIDDEN}, {HIDDEN, HEADS * HEAD_DIM}, {FFN, HIDDEN}, {FFN, HIDDEN}, {HIDDEN, FFN}, {HIDDEN},
        {HIDDEN}};

    private SplitMixDecoder() {}

    /** As tools/dart_reference.py value(): SplitMix64 of seed * 2^32 + index, top 16 bits signed, / 4096. */
    static float value(long seed, long index) {
        long z = (seed << 32) + index + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (float) (((z >>> 48) - 32768) / 4096.0);
    }

    static float[] values(long seed, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = value(seed, i);
        }
        return x;
    }

    /** Writes model.safetensors into {@code dir} and loads it as a float32 decoder in {@code m}. */
    static LlamaDecoder load(NDManager m, Path dir) throws IOException, CheckpointException {
        return load(m, dir, CONFIG);
    }

    /**
     * The same weights for another config of these sizes: {@code cfg}'s key-value heads (k and v projections of
     * kvHeads * HEAD_DIM rows, the first ones of the same draws) and sliding window.
     */
    static LlamaDecoder load(NDManager m, Path dir, TextConfig cfg) throws IOException, CheckpointException {
        List<String> names = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        names.add("model.language_model.embed_tokens.weight");
        shapes.add(new long[] {VOCAB, HIDDEN});
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < LAYER.length; i++) {
                names.add("model.language_model.layers." + l + "." + LAYER[i]);
                boolean kv = LAYER[i].startsWith("self_attn.k_") || LAYER[i].startsWith("self_attn.v_");
                shapes.add(kv ? new long[] {(long) cfg.kvHeads() * HEAD_DIM, HIDDEN} : LAYER_SHAPES[i]);
            }
        }
        names.add("model.language_model.norm.weight");
        shapes.add(new long[] {HIDDEN});
        names.add("lm_head.weight");
        shapes.add(new long[] {VOCAB, HIDDEN});
        ObjectNode header = new ObjectMapper().createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < names.size(); i++) {
            int count = (int) java.util.Arrays.stream(shapes.get(i)).reduce(1, (a, b) -> a * b);
            float[] v = values(1000 + i, count);
            ByteBuffer b = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : v) {
                b.putFloat(names.get(i).endsWith("norm.weight") ? 1 + x / 16 : x / 16);
            }
            ObjectNode t = header.putObject(names.get(i));
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : shapes.get(i)) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(data.size()).add(data.size() + 4L * count);
            data.writeBytes(b.array());
        }
        byte[] h = new ObjectMapper().writeValueAsBytes(header);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        file.writeBytes(h);
        file.writeBytes(data.toByteArray());
        Files.write(dir.resolve("model.safetensors"), file.toByteArray());
        return new LlamaDecoder(Checkpoint.open(dir), m, DataType.FLOAT32, cfg);
    }
}
