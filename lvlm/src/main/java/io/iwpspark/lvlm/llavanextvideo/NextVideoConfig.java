package io.iwpspark.lvlm.llavanextvideo;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.llavanext.LlavaNextConfig;
import java.nio.file.Path;

/**
 * A Hugging Face LLaVA-NeXT-Video checkpoint's configuration (config.json, model_type "llava_next_video"),
 * with the defaults of transformers 5.24's LlavaNextVideoConfig: LLaVA-NeXT's keys for images, plus the
 * video token and the frame pooling of LlavaNextVideoPooler (spatial_pool_mode, spatial_pool_stride).
 *
 * @param next tower, projector, decoder and anyres pinpoints, read as llava_next reads them (image_token_index
 *     defaults to 32001 here, video_token_index to 32000)
 * @param videoTokenId video_token_index
 * @param poolMode spatial_pool_mode ("conv" needs pooling weights and is refused)
 * @param poolStride spatial_pool_stride: kernel and stride of the pooling, per frame grid
 */
public record NextVideoConfig(LlavaNextConfig next, int videoTokenId, PoolMode poolMode, int poolStride) {
    public static final String MODEL_TYPE = "llava_next_video";

    /** The pooling of nn.AvgPool2d / nn.MaxPool2d (no padding, the ragged edge dropped). */
    public enum PoolMode { AVERAGE, MAX }

    public NextVideoConfig {
        int g = next.grid();
        if (poolStride < 1 || poolStride > g) {
            throw new IllegalArgumentException("spatial_pool_stride must be in 1.." + g + " (the frame's patch grid), found "
                    + poolStride);
        }
        // LlavaNextVideoProcessor expands <video> to (g*g // 4) tokens per frame whatever the stride: any other
        // pooled size leaves transformers with a token / feature count mismatch.
        int pooled = (g / poolStride) * (g / poolStride);
        if (pooled != g * g / 4) {
            throw new IllegalArgumentException("spatial_pool_stride " + poolStride + " pools a " + g + "x" + g
                    + " frame grid to " + pooled + " tokens, but the processor writes g*g // 4 = " + g * g / 4
                    + " <video> tokens per frame");
        }
    }

    public LlavaConfig base() {
        return next.base();
    }

    /** Patches per side of one pooled frame. */
    public int pooledGrid() {
        return next.grid() / poolStride;
    }

    public static NextVideoConfig read(Path dir) throws CheckpointException {
        LlavaNextConfig next = LlavaNextConfig.read(dir, MODEL_TYPE);
        Path file = dir.resolve("config.json");
        JsonNode root = ConfigReader.readJson(file);
        if (!root.has("image_token_id") && !root.has("image_token_index")) {
            LlavaConfig b = next.base();
            next = new LlavaNextConfig(new LlavaConfig(b.text(), b.vision(), 32001, b.featureLayers(), b.selectStrategy(),
                    b.projectorBias(), b.bosTokenId(), b.eosTokenIds()), next.pinpoints(), next.imageSeqLength());
        }
        try {
            int video = root.has("video_token_id") ? root.get("video_token_id").asInt()
                    : root.path("video_token_index").asInt(32000);
            String mode = root.path("spatial_pool_mode").asText("average");
            PoolMode pool = switch (mode) {
                case "average" -> PoolMode.AVERAGE;
                case "max" -> PoolMode.MAX;
                default -> throw new IllegalArgumentException("spatial_pool_mode must be average or max (conv needs "
                        + "pooling weights this runtime does not load), found \"" + mode + "\"");
            };
            return new NextVideoConfig(next, video, pool, root.path("spatial_pool_stride").asInt(2));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }
}
