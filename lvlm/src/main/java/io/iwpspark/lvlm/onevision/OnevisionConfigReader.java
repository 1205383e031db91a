package io.iwpspark.lvlm.onevision;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import io.iwpspark.lvlm.checkpoint.VisionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The border with a LLaVA-OneVision checkpoint's JSON: config.json with the defaults of transformers
 * 5.24 LlavaOnevisionConfig (SigLIP so400m tower of 26 layers, Qwen2 text, layer -1, "full",
 * anyres_max_9, the 36 pinpoints 384..2304), and the image / video processor settings.
 */
public final class OnevisionConfigReader {
    public static final String MODEL_TYPE = "llava_onevision";

    private OnevisionConfigReader() {}

    public static OnevisionConfig read(Path dir) throws CheckpointException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("checkpoint folder " + dir + " does not exist");
        }
        Path file = dir.resolve("config.json");
        JsonNode root = ConfigReader.readJson(file);
        String type = root.path("model_type").asText("");
        if (!type.equals(MODEL_TYPE)) {
            throw new CheckpointException(file + ": model_type must be \"" + MODEL_TYPE + "\", found \"" + type + "\"");
        }
        try {
            JsonNode textNode = root.path("text_config");
            TextConfig text = tied(ConfigReader.text(textNode, "qwen2"), root.path("tie_word_embeddings").asBoolean(false));
            String act = root.path("projector_hidden_act").asText("gelu");
            if (!act.equals("gelu")) {
                throw new IllegalArgumentException("projector_hidden_act must be gelu, found \"" + act + "\"");
            }
            String select = root.path("vision_feature_select_strategy").asText("full");
            if (!select.equals("full")) {
                // "default" would drop the first patch of a SigLIP crop, which pack_image_features then rejects.
                throw new IllegalArgumentException("vision_feature_select_strategy must be full (SigLIP has no CLS "
                        + "token), found \"" + select + "\"");
            }
            return new OnevisionConfig(text, siglip(root.path("vision_config")), root.path("image_token_index").asInt(151646),
                    root.path("video_token_index").asInt(151647), featureLayers(root.path("vision_feature_layer")),
                    root.path("multimodal_projector_bias").asBoolean(true), pinpoints(root.path("image_grid_pinpoints")),
                    maxCrops(root.path("vision_aspect_ratio").asText("anyres_max_9")), eos(dir, textNode));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    /** LlavaOnevisionConfig: a text_config that ties its embeddings makes the whole model tie them. */
    private static TextConfig tied(TextConfig t, boolean outer) {
        boolean tie = outer || t.tieWordEmbeddings();
        return new TextConfig(t.vocabSize(), t.hidden(), t.intermediate(), t.layers(), t.heads(), t.kvHeads(), t.headDim(),
                t.rmsNormEps(), t.ropeTheta(), t.maxPositions(), tie, t.qkvBias(), t.slidingWindow(), t.rope());
    }

    /** A vision_config of model_type siglip_vision_model, absent keys as LlavaOnevisionConfig / SiglipVisionConfig fill them. */
    static VisionConfig siglip(JsonNode v) {
        String type = v.path("model_type").asText("siglip_vision_model");
        if (!type.equals("siglip_vision_model")) {
            throw new IllegalArgumentException("vision_config.model_type must be siglip_vision_model, found \"" + type + "\"");
        }
        boolean outerDefaults = v.isMissingNode() || v.isNull();
        return new VisionConfig(v.path("hidden_size").asInt(outerDefaults ? 1152 : 768),
                v.path("intermediate_size").asInt(outerDefaults ? 4304 : 3072),
                v.path("num_hidden_layers").asInt(outerDefaults ? 26 : 12),
                v.path("num_attention_heads").asInt(outerDefaults ? 16 : 12),
                v.path("image_size").asInt(outerDefaults ? 384 : 224), v.path("patch_size").asInt(outerDefaults ? 14 : 16),
                v.path("num_channels").asInt(3), v.path("layer_norm_eps").asDouble(1e-6),
                VisionConfig.Activation.fromHf("vision_config.hidden_act", v.path("hidden_act").asText("gelu_pytorch_tanh")));
    }

    private static int[] featureLayers(JsonNode n) {
        if (!n.isArray()) {
            return new int[] {n.asInt(-1)};
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    private static List<int[]> pinpoints(JsonNode n) {
        List<int[]> out = new ArrayList<>();
        if (!n.isArray()) {
            for (int h = 384; h <= 2304; h += 384) {
                for (int w = 384; w <= 2304; w += 384) {
                    out.add(new int[] {h, w});
                }
            }
            return out;
        }
        for (JsonNode p : n) {
            if (!p.isArray() || p.size() != 2) {
                throw new IllegalArgumentException("image_grid_pinpoints entries must be [height, width], found " + p);
            }
            out.add(new int[] {p.get(0).asInt(), p.get(1).asInt()});
        }
        return out;
    }

    /** N of "anyres_max_N" (transformers strips the characters of "anyres_max_" and parses the rest). */
    static int maxCrops(String ratio) {
        String prefix = "anyres_max_";
        if (!ratio.startsWith(prefix)) {
            throw new IllegalArgumentException("vision_aspect_ratio must be anyres_max_N, found \"" + ratio + "\"");
        }
        try {
            return Integer.parseInt(ratio.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("vision_aspect_ratio must be anyres_max_N with an integer N, found \""
                    + ratio + "\"", e);
        }
    }

    /** generation_config.json's eos_token_id (one id or a list), else text_config's. */
    private static int[] eos(Path dir, JsonNode textNode) {
        JsonNode eos = null;
        Path gen = dir.resolve("generation_config.json");
        if (Files.isRegularFile(gen)) {
            try {
                eos = ConfigReader.readJson(gen).path("eos_token_id");
            } catch (CheckpointException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (eos == null || eos.isMissingNode() || eos.isNull()) {
            eos = textNode.path("eos_token_id");
        }
        if (eos.isArray()) {
            int[] ids = new int[eos.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = eos.get(i).asInt();
            }
            return ids;
        }
        if (!eos.isInt()) {
            throw new IllegalArgumentException("eos_token_id (generation_config.json or text_config) must be an id or a "
                    + "list of ids, found " + (eos.isMissingNode() ? "nothing" : eos.toString()));
        }
        return new int[] {eos.asInt()};
    }

    /**
     * The image ({@code "image_processor"}) or video ({@code "video_processor"}) settings: nested in
     * processor_config.json as transformers 5 saves them, else preprocessor_config.json /
     * video_preprocessor_config.json as published checkpoints carry them.
     */
    public static FrameSettings frames(Path dir, String which) throws CheckpointException {
        Path nested = dir.resolve("processor_config.json");
        Path file = dir.resolve(which.equals("video_processor") ? "video_preprocessor_config.json" : "preprocessor_config.json");
        JsonNode p = null;
        if (Files.isRegularFile(nested) && ConfigReader.readJson(nested).path(which).isObject()) {
            p = ConfigReader.readJson(nested).path(which);
            file = nested;
        } else if (Files.isRegularFile(file)) {
            p = ConfigReader.readJson(file);
        } else {
            throw new CheckpointException("missing file " + file + " (or processor_config.json with a \"" + which + "\" object)");
        }
        try {
            int resample = p.path("resample").asInt(3);
            if (resample != 3) {
                throw new IllegalArgumentException(which + ".resample must be 3 (bicubic), found " + resample);
            }
            if (!p.path("do_resize").asBoolean(true)) {
                throw new IllegalArgumentException(which + ".do_resize false is not supported");
            }
            JsonNode size = p.path("size");
            int h = size.has("height") ? size.get("height").asInt() : size.path("shortest_edge").asInt(384);
            int w = size.has("width") ? size.get("width").asInt() : size.path("shortest_edge").asInt(384);
            double rescale = p.path("do_rescale").asBoolean(true) ? p.path("rescale_factor").asDouble(1.0 / 255) : 1.0;
            boolean norm = p.path("do_normalize").asBoolean(true);
            float[] mean = norm ? floats(p.path("image_mean"), 0.48145466f, 0.4578275f, 0.40821073f) : new float[3];
            float[] std = norm ? floats(p.path("image_std"), 0.26862954f, 0.26130258f, 0.27577711f) : new float[] {1, 1, 1};
            return new FrameSettings(h, w, rescale, mean, std);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    private static float[] floats(JsonNode n, float... fallback) {
        if (!n.isArray()) {
            return fallback;
        }
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }
}
