package io.iwpspark.lvlm.llavanextvideo;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.llava.ImageProcessor;
import io.iwpspark.lvlm.onevision.AntialiasBicubic;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * LlavaNextVideoVideoProcessor (transformers 5.24, torchvision backend: BaseVideoProcessor._preprocess):
 * each frame as RGB, resized so its shorter side is size.shortest_edge (the longer int(edge * long / short))
 * with torch's antialiased uint8 bicubic ({@link AntialiasBicubic}, the rule OneVision's video processor
 * uses too), centre-cropped to crop_size (top = int((h - ch) / 2)), then rescaled and normalised.
 *
 * @param shortestEdge size.shortest_edge
 * @param crop crop_size (square: the tower's image size)
 * @param rescale rescale_factor, 1 when do_rescale is false
 * @param mean image_mean (zeros when do_normalize is false)
 * @param std image_std (ones when do_normalize is false)
 */
record VideoFrames(int shortestEdge, int crop, double rescale, float[] mean, float[] std) {
    /** Reads the "video_processor" object of processor_config.json, else video_preprocessor_config.json. */
    static VideoFrames load(Path dir, int towerSide) throws CheckpointException {
        Path file = dir.resolve("processor_config.json");
        JsonNode p = Files.isRegularFile(file) ? ConfigReader.readJson(file).path("video_processor") : null;
        if (p == null || !p.isObject()) {
            file = dir.resolve("video_preprocessor_config.json");
            if (!Files.isRegularFile(file)) {
                throw new CheckpointException("missing file " + file + " (or processor_config.json with a "
                        + "\"video_processor\" object)");
            }
            p = ConfigReader.readJson(file);
        }
        String where = file + ": video processor ";
        if (p.path("resample").asInt(3) != 3 || !p.path("do_resize").asBoolean(true)
                || !p.path("do_center_crop").asBoolean(true)) {
            throw new CheckpointException(where + "must resize (resample 3, bicubic) and centre-crop, found resample "
                    + p.path("resample") + ", do_resize " + p.path("do_resize") + ", do_center_crop " + p.path("do_center_crop"));
        }
        int edge = p.path("size").path("shortest_edge").asInt(224);
        int ch = p.path("crop_size").path("height").asInt(224);
        int cw = p.path("crop_size").path("width").asInt(224);
        if (ch != towerSide || cw != towerSide || edge < towerSide) {
            throw new CheckpointException(where + "must make " + towerSide + "x" + towerSide + " frames for the tower "
                    + "(crop_size, shortest_edge >= it), found crop " + ch + "x" + cw + ", shortest_edge " + edge);
        }
        double rescale = p.path("do_rescale").asBoolean(true) ? p.path("rescale_factor").asDouble(1.0 / 255) : 1.0;
        boolean norm = p.path("do_normalize").asBoolean(true);
        float[] mean = norm ? floats(p.path("image_mean"), 0.48145466f, 0.4578275f, 0.40821073f) : new float[3];
        float[] std = norm ? floats(p.path("image_std"), 0.26862954f, 0.26130258f, 0.27577711f) : new float[] {1, 1, 1};
        return new VideoFrames(edge, ch, rescale, mean, std);
    }

    /** (F, 3, crop, crop) pixel values, flattened. */
    float[] pixels(List<BufferedImage> frames) {
        int per = 3 * crop * crop;
        float[] out = new float[frames.size() * per];
        for (int f = 0; f < frames.size(); f++) {
            BufferedImage im = frames.get(f);
            int h = im.getHeight();
            int w = im.getWidth();
            int lng = (int) ((double) shortestEdge * Math.max(h, w) / Math.min(h, w));
            int outH = w <= h ? lng : shortestEdge;
            int outW = w <= h ? shortestEdge : lng;
            int[] rgb = AntialiasBicubic.resize(ImageProcessor.rgb(im), h, w, outH, outW);
            int top = (outH - crop) / 2;
            int left = (outW - crop) / 2;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < crop; y++) {
                    for (int x = 0; x < crop; x++) {
                        float v = (float) (rgb[((y + top) * outW + x + left) * 3 + c] * rescale);
                        out[f * per + (c * crop + y) * crop + x] = (v - mean[c]) / std[c];
                    }
                }
            }
        }
        return out;
    }

    private static float[] floats(JsonNode n, float... fallback) {
        if (!n.isArray() || n.size() != 3) {
            return fallback;
        }
        return new float[] {(float) n.get(0).asDouble(), (float) n.get(1).asDouble(), (float) n.get(2).asDouble()};
    }
}
