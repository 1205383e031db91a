package io.iwpspark.lvlm.llavanext;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.anyres.Size;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face LLaVA-NeXT checkpoint's configuration (config.json, model_type "llava_next"), with the
 * defaults of transformers 5.24's LlavaNextConfig.
 *
 * @param base tower, projector and decoder: the keys LLaVA-1.5 shares (text_config llama when absent,
 *     so vicuna; mistral and qwen2 text configs too), vision_feature_layer(s), select strategy
 * @param pinpoints image_grid_pinpoints, (height, width) each, multiples of the tower's image size
 * @param imageSeqLength image_seq_length (tokens of one base image; informational)
 */
public record LlavaNextConfig(LlavaConfig base, List<Size> pinpoints, int imageSeqLength) {
    public static final String MODEL_TYPE = "llava_next";
    static final int[][] DEFAULT_PINPOINTS = {{336, 672}, {672, 336}, {672, 672}, {1008, 336}, {336, 1008}};

    public LlavaNextConfig {
        pinpoints = List.copyOf(pinpoints);
        if (pinpoints.isEmpty()) {
            throw new IllegalArgumentException("image_grid_pinpoints must hold at least one [height, width], found none");
        }
        int side = base.vision().imageSize();
        for (Size p : pinpoints) {
            if (p.height() <= 0 || p.width() <= 0 || p.height() % side != 0 || p.width() % side != 0) {
                throw new IllegalArgumentException("image_grid_pinpoints entries must be positive multiples of "
                        + "vision_config.image_size " + side + ", found " + p);
            }
        }
        if (base.selectStrategy() == LlavaConfig.SelectStrategy.FULL) {
            // CLIP keeps its CLS row under "full": g*g + 1 tokens per crop, which pack_image_features cannot
            // lay out as a g x g grid (transformers warns, then its view fails).
            throw new IllegalArgumentException("vision_feature_select_strategy must be \"default\" for a CLIP tower "
                    + "(crops are packed as grids without the CLS token), found \"full\"");
        }
    }

    /** Patches per side of one crop (image_size / patch_size). */
    public int grid() {
        return base.vision().grid();
    }

    public static LlavaNextConfig read(Path dir) throws CheckpointException {
        return read(dir, MODEL_TYPE);
    }

    /** The LLaVA-NeXT keys of a config.json whose model_type is {@code modelType} (llava_next_video shares them). */
    public static LlavaNextConfig read(Path dir, String modelType) throws CheckpointException {
        LlavaConfig base = ConfigReader.readLlava(dir, modelType);
        Path file = dir.resolve("config.json");
        JsonNode root = ConfigReader.readJson(file);
        try {
            return new LlavaNextConfig(base, pinpoints(root.path("image_grid_pinpoints"), "image_grid_pinpoints"),
                    root.path("image_seq_length").asInt(576));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    /** A pinpoint list, the LlavaNextConfig default when absent or null. */
    static List<Size> pinpoints(JsonNode node, String key) {
        List<Size> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            for (int[] p : DEFAULT_PINPOINTS) {
                out.add(new Size(p[0], p[1]));
            }
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(key + " must be a list of [height, width], found " + node);
        }
        for (JsonNode p : node) {
            if (!p.isArray() || p.size() != 2 || !p.get(0).canConvertToInt() || !p.get(1).canConvertToInt()) {
                throw new IllegalArgumentException(key + " entries must be [height, width], found " + p);
            }
            out.add(new Size(p.get(0).asInt(), p.get(1).asInt()));
        }
        return out;
    }
}
