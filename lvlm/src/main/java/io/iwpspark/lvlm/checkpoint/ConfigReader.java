package io.iwpspark.lvlm.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The border with Hugging Face's JSON: reads config.json, generation_config.json and
 * preprocessor_config.json into records, filling the defaults transformers fills (LlamaConfig,
 * CLIPVisionConfig, LlavaConfig, CLIPImageProcessor). No snake_case key is known past this class.
 */
public final class ConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigReader() {}

    public static LlavaConfig readLlava(Path dir) throws CheckpointException {
        return readLlava(dir, "llava");
    }

    /**
     * The LLaVA-1.5 part of a config.json whose model_type is {@code modelType} (llava_next keeps the
     * same keys and defaults for tower, projector and decoder, and adds its own).
     */
    public static LlavaConfig readLlava(Path dir, String modelType) throws CheckpointException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("checkpoint folder " + dir + " does not exist");
        }
        JsonNode root = readJson(dir.resolve("config.json"));
        String type = root.path("model_type").asText("");
        if (!type.equals(modelType)) {
            throw new CheckpointException(dir.resolve("config.json") + ": model_type must be \"" + modelType
                    + "\", found \"" + type + "\"");
        }
        try {
            TextConfig text = text(root.path("text_config"));
            VisionConfig vision = vision(root.path("vision_config"));
            int imageToken = root.has("image_token_id") ? root.get("image_token_id").asInt()
                    : root.path("image_token_index").asInt(32000);
            String act = root.path("projector_hidden_act").asText("gelu");
            if (!act.equals("gelu")) {
                throw new IllegalArgumentException("projector_hidden_act must be gelu, found \"" + act + "\"");
            }
            String strategy = root.path("vision_feature_select_strategy").asText("default");
            LlavaConfig.SelectStrategy select = switch (strategy) {
                case "default" -> LlavaConfig.SelectStrategy.DEFAULT;
                case "full" -> LlavaConfig.SelectStrategy.FULL;
                default -> throw new IllegalArgumentException(
                        "vision_feature_select_strategy must be default or full, found \"" + strategy + "\"");
            };
            JsonNode layerNode = root.path("vision_feature_layer");
            int[] layers;
            if (layerNode.isArray()) {
                layers = new int[layerNode.size()];
                for (int i = 0; i < layers.length; i++) {
                    layers[i] = layerNode.get(i).asInt();
                }
            } else {
                layers = new int[] {layerNode.asInt(-2)};
            }
            JsonNode textNode = root.path("text_config");
            int bos = textNode.path("bos_token_id").asInt(1);
            int[] eos = eosIds(dir, textNode);
            return new LlavaConfig(text, vision, imageToken, layers, select,
                    root.path("multimodal_projector_bias").asBoolean(true), bos, eos);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(dir.resolve("config.json") + ": " + e.getMessage(), e);
        }
    }

    /** A LLaVA-1.5 text_config: model_type llama when absent, as LlavaConfig fills it. */
    static TextConfig text(JsonNode t) {
        return text(t, "llama");
    }

    /**
     * A LLaMA-style text_config (llama, mistral or qwen2), defaults as the matching transformers
     * config class fills them; {@code defaultType} is what the outer config assumes when the key is absent.
     */
    public static TextConfig text(JsonNode t, String defaultType) {
        String type = t.path("model_type").asText(defaultType);
        Defaults d = switch (type) {
            case "llama" -> new Defaults(32000, 4096, 11008, 2048);
            case "mistral" -> new Defaults(32000, 4096, 14336, 4096 * 32);
            case "qwen2" -> new Defaults(151936, 4096, 22016, 32768);
            default -> throw new IllegalArgumentException(
                    "text_config.model_type must be llama, mistral or qwen2, found \"" + type + "\"");
        };
        if (t.path("mlp_bias").asBoolean(false) || (!type.equals("qwen2") && t.path("attention_bias").asBoolean(false))) {
            throw new IllegalArgumentException("text_config: attention_bias / mlp_bias are not supported for " + type);
        }
        String act = t.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("text_config.hidden_act must be silu, found \"" + act + "\"");
        }
        int hidden = t.path("hidden_size").asInt(d.hidden());
        int heads = t.path("num_attention_heads").asInt(32);
        JsonNode kv = t.path("num_key_value_heads");
        // An explicit null means "as many as the query heads" everywhere; an absent key takes the config
        // class's field default: 8 for MistralConfig, 32 for Qwen2Config (transformers 5.24), heads for LlamaConfig.
        int kvDefault = kv.isNull() ? heads : type.equals("mistral") ? 8 : type.equals("qwen2") ? 32 : heads;
        JsonNode headDim = t.path("head_dim");
        int window = 0;
        if (type.equals("mistral")) {
            // MistralConfig: 4096 when absent, no window when null.
            window = !t.has("sliding_window") ? 4096 : t.get("sliding_window").isNull() ? 0 : t.get("sliding_window").asInt();
        } else if (type.equals("qwen2") && t.path("use_sliding_window").asBoolean(false)) {
            throw new IllegalArgumentException("text_config.use_sliding_window true (per-layer windows) is not supported");
        }
        // transformers 5 moves rope_theta into rope_parameters; older versions keep rope_scaling beside it.
        JsonNode rope = t.path("rope_parameters");
        double theta = rope.has("rope_theta") ? rope.get("rope_theta").asDouble() : t.path("rope_theta").asDouble(10000.0);
        RopeScaling scaling = RopeScaling.NONE;
        for (JsonNode r : new JsonNode[] {t.path("rope_scaling"), rope}) {
            RopeScaling s = ropeScaling(r, t.path("max_position_embeddings").asInt(d.maxPositions()));
            if (s.type() != RopeScaling.Type.DEFAULT) {
                scaling = s;
            }
        }
        return new TextConfig(t.path("vocab_size").asInt(d.vocab()), hidden, t.path("intermediate_size").asInt(d.intermediate()),
                t.path("num_hidden_layers").asInt(32), heads, present(kv) ? kv.asInt() : kvDefault,
                present(headDim) ? headDim.asInt() : hidden / heads,
                t.path("rms_norm_eps").asDouble(1e-6), theta, t.path("max_position_embeddings").asInt(d.maxPositions()),
                t.path("tie_word_embeddings").asBoolean(false), type.equals("qwen2"), window, scaling);
    }

    private record Defaults(int vocab, int hidden, int intermediate, int maxPositions) {}

    private static boolean present(JsonNode n) {
        return !n.isNull() && !n.isMissingNode();
    }

    private static RopeScaling ropeScaling(JsonNode r, int maxPositions) {
        String kind = r.path("rope_type").asText(r.path("type").asText("default"));
        return switch (kind) {
            case "default" -> RopeScaling.NONE;
            case "linear" -> new RopeScaling(RopeScaling.Type.LINEAR, required(r, "factor"), 0, 0, 0);
            case "llama3" -> new RopeScaling(RopeScaling.Type.LLAMA3, required(r, "factor"),
                    required(r, "low_freq_factor"), required(r, "high_freq_factor"),
                    (int) required(r, "original_max_position_embeddings"));
            default -> throw new IllegalArgumentException("text_config: rope_type must be default, linear or llama3, found \""
                    + kind + "\"");
        };
    }

    private static double required(JsonNode r, String key) {
        if (!r.path(key).isNumber()) {
            throw new IllegalArgumentException("text_config: rope scaling needs a number " + key + ", found "
                    + (r.has(key) ? r.get(key).toString() : "nothing"));
        }
        return r.get(key).asDouble();
    }

    static VisionConfig vision(JsonNode v) {
        String type = v.path("model_type").asText("clip_vision_model");
        if (!type.equals("clip_vision_model")) {
            throw new IllegalArgumentException("vision_config.model_type must be clip_vision_model, found \"" + type + "\"");
        }
        if (v.path("image_size").asInt(224) % v.path("patch_size").asInt(32) != 0) {
            // ClipVisionTower cuts whole patches and its position table has grid^2 + 1 rows.
            throw new IllegalArgumentException("vision_config: image_size (" + v.path("image_size").asInt(224)
                    + ") must be a multiple of patch_size (" + v.path("patch_size").asInt(32) + ")");
        }
        return new VisionConfig(v.path("hidden_size").asInt(768), v.path("intermediate_size").asInt(3072),
                v.path("num_hidden_layers").asInt(12), v.path("num_attention_heads").asInt(12),
                v.path("image_size").asInt(224), v.path("patch_size").asInt(32), v.path("num_channels").asInt(3),
                v.path("layer_norm_eps").asDouble(1e-5),
                VisionConfig.Activation.fromHf("vision_config.hidden_act", v.path("hidden_act").asText("quick_gelu")));
    }

    private static int[] eosIds(Path dir, JsonNode textNode) throws CheckpointException {
        Path gen = dir.resolve("generation_config.json");
        JsonNode eos = Files.exists(gen) ? readJson(gen).path("eos_token_id") : MissingNode.getInstance();
        if (eos.isMissingNode() || eos.isNull()) {
            eos = textNode.path("eos_token_id");
        }
        if (eos.isArray()) {
            int[] ids = new int[eos.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = eos.get(i).asInt();
            }
            return ids;
        }
        return new int[] {eos.asInt(2)};
    }

    public static ImageProcessorConfig readImageProcessor(Path dir) throws CheckpointException {
        Path file = imageProcessorFile(dir);
        JsonNode p = imageProcessorSettings(dir);
        try {
            JsonNode size = p.path("size");
            int shortest = size.isInt() ? size.asInt() : size.path("shortest_edge").asInt(224);
            JsonNode crop = p.path("crop_size");
            int cropH = crop.isInt() ? crop.asInt() : crop.path("height").asInt(224);
            int cropW = crop.isInt() ? crop.asInt() : crop.path("width").asInt(224);
            int resample = p.path("resample").asInt(3);
            if (resample != 3) {
                throw new IllegalArgumentException("resample must be 3 (bicubic), found " + resample);
            }
            return new ImageProcessorConfig(p.path("do_resize").asBoolean(true), shortest,
                    p.path("do_center_crop").asBoolean(true), cropH, cropW, p.path("do_rescale").asBoolean(true),
                    p.path("rescale_factor").asDouble(1.0 / 255), p.path("do_normalize").asBoolean(true),
                    floats(p.path("image_mean"), new float[] {0.48145466f, 0.4578275f, 0.40821073f}),
                    floats(p.path("image_std"), new float[] {0.26862954f, 0.26130258f, 0.27577711f}));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The image processor's settings: preprocessor_config.json as published checkpoints carry it, or,
     * when absent, the "image_processor" object inside processor_config.json (what current
     * transformers' save_pretrained writes).
     */
    public static JsonNode imageProcessorSettings(Path dir) throws CheckpointException {
        Path file = imageProcessorFile(dir);
        JsonNode root = readJson(file);
        if (file.getFileName().toString().equals("processor_config.json")) {
            JsonNode inner = root.path("image_processor");
            if (!inner.isObject()) {
                throw new CheckpointException(file + ": expected an \"image_processor\" object (no "
                        + "preprocessor_config.json beside it), found " + (inner.isMissingNode() ? "none" : inner.getNodeType()));
            }
            return inner;
        }
        return root;
    }

    private static Path imageProcessorFile(Path dir) throws CheckpointException {
        Path legacy = dir.resolve("preprocessor_config.json");
        Path current = dir.resolve("processor_config.json");
        if (Files.isRegularFile(legacy)) {
            return legacy;
        }
        if (Files.isRegularFile(current)) {
            return current;
        }
        throw new CheckpointException("missing file " + legacy + " (or processor_config.json with an image_processor object)");
    }

    private static float[] floats(JsonNode n, float[] fallback) {
        if (!n.isArray()) {
            return fallback;
        }
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }

    /** Reads a JSON file, naming it in any error. */
    public static JsonNode readJson(Path file) throws CheckpointException {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("missing file " + file);
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new CheckpointException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
