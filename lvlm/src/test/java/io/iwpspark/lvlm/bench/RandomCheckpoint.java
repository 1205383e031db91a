package io.iwpspark.lvlm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a random LLaVA checkpoint folder in the Hugging Face layout (canonical naming, float32)
 * for benchmarks: weights N(0, 0.02), norms 1, the word-level tokenizer of the test fixtures.
 */
public final class RandomCheckpoint {
    public record Sizes(int layers, int hidden, int ffn, int heads, int kvHeads, int vocab, int visionLayers, int visionHidden,
            int visionFfn, int imageSize, int patch) {}

    private RandomCheckpoint() {}

    public static void write(Path dir, Sizes z, Path tokenizerFrom) throws IOException {
        Files.createDirectories(dir);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        String v = "model.vision_tower.vision_model.";
        int grid = z.imageSize() / z.patch();
        shapes.put(v + "embeddings.patch_embedding.weight", new long[] {z.visionHidden(), 3, z.patch(), z.patch()});
        shapes.put(v + "embeddings.class_embedding", new long[] {z.visionHidden()});
        shapes.put(v + "embeddings.position_embedding.weight", new long[] {grid * grid + 1, z.visionHidden()});
        norm(shapes, v + "pre_layrnorm", z.visionHidden(), true);
        for (int i = 0; i < z.visionLayers(); i++) {
            String p = v + "encoder.layers." + i + ".";
            for (String n : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                linear(shapes, p + "self_attn." + n, z.visionHidden(), z.visionHidden(), true);
            }
            linear(shapes, p + "mlp.fc1", z.visionHidden(), z.visionFfn(), true);
            linear(shapes, p + "mlp.fc2", z.visionFfn(), z.visionHidden(), true);
            norm(shapes, p + "layer_norm1", z.visionHidden(), true);
            norm(shapes, p + "layer_norm2", z.visionHidden(), true);
        }
        linear(shapes, "model.multi_modal_projector.linear_1", z.visionHidden(), z.hidden(), true);
        linear(shapes, "model.multi_modal_projector.linear_2", z.hidden(), z.hidden(), true);
        String t = "model.language_model.";
        int hd = z.hidden() / z.heads();
        shapes.put(t + "embed_tokens.weight", new long[] {z.vocab(), z.hidden()});
        for (int i = 0; i < z.layers(); i++) {
            String p = t + "layers." + i + ".";
            linear(shapes, p + "self_attn.q_proj", z.hidden(), z.hidden(), false);
            linear(shapes, p + "self_attn.k_proj", z.hidden(), z.kvHeads() * hd, false);
            linear(shapes, p + "self_attn.v_proj", z.hidden(), z.kvHeads() * hd, false);
            linear(shapes, p + "self_attn.o_proj", z.hidden(), z.hidden(), false);
            linear(shapes, p + "mlp.gate_proj", z.hidden(), z.ffn(), false);
            linear(shapes, p + "mlp.up_proj", z.hidden(), z.ffn(), false);
            linear(shapes, p + "mlp.down_proj", z.ffn(), z.hidden(), false);
            norm(shapes, p + "input_layernorm", z.hidden(), false);
            norm(shapes, p + "post_attention_layernorm", z.hidden(), false);
        }
        norm(shapes, t + "norm", z.hidden(), false);
        shapes.put("lm_head.weight", new long[] {z.vocab(), z.hidden()});
        Files.copy(tokenizerFrom, dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        writeConfigs(dir, z);
        writeWeights(dir.resolve("model.safetensors"), shapes); // last: its presence marks a complete folder
    }

    private static void linear(Map<String, long[]> s, String name, int in, int out, boolean bias) {
        s.put(name + ".weight", new long[] {out, in});
        if (bias) {
            s.put(name + ".bias", new long[] {out});
        }
    }

    private static void norm(Map<String, long[]> s, String name, int dim, boolean bias) {
        s.put(name + ".weight", new long[] {dim});
        if (bias) {
            s.put(name + ".bias", new long[] {dim});
        }
    }

    private static void writeWeights(Path file, Map<String, long[]> shapes) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long n = count(e.getValue());
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", "F32");
            var shape = node.putArray("shape");
            for (long d : e.getValue()) {
                shape.add(d);
            }
            node.putArray("data_offsets").add(offset).add(offset + 4 * n);
            offset += 4 * n;
        }
        byte[] h = json.writeValueAsBytes(header);
        Random random = new Random(42);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            ByteBuffer buf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                boolean isNorm = e.getKey().contains("norm") || e.getKey().contains("layrnorm");
                boolean isBias = e.getKey().endsWith(".bias");
                for (long i = 0, n = count(e.getValue()); i < n; i++) {
                    float x = isNorm && !isBias ? 1f : isBias ? 0f : (float) (random.nextGaussian() * 0.02);
                    out.write(buf.putFloat(0, x).array());
                }
            }
        }
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static void writeConfigs(Path dir, Sizes z) throws IOException {
        Files.writeString(dir.resolve("config.json"), String.format("""
                {"model_type": "llava", "image_token_index": 150, "vision_feature_layer": -2,
                 "vision_feature_select_strategy": "default", "projector_hidden_act": "gelu",
                 "text_config": {"model_type": "llama", "vocab_size": %d, "hidden_size": %d, "intermediate_size": %d,
                   "num_hidden_layers": %d, "num_attention_heads": %d, "num_key_value_heads": %d,
                   "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "eos_token_id": 2},
                 "vision_config": {"model_type": "clip_vision_model", "hidden_size": %d, "intermediate_size": %d,
                   "num_hidden_layers": %d, "num_attention_heads": 4, "image_size": %d, "patch_size": %d}}
                """, z.vocab(), z.hidden(), z.ffn(), z.layers(), z.heads(), z.kvHeads(), z.visionHidden(), z.visionFfn(),
                z.visionLayers() + 1, z.imageSize(), z.patch()));
        Files.writeString(dir.resolve("preprocessor_config.json"), String.format("""
                {"size": {"shortest_edge": %d}, "crop_size": {"height": %d, "width": %d}}
                """, z.imageSize(), z.imageSize(), z.imageSize()));
    }
}
