package io.iwpspark.lvlm.checkpoint;

/**
 * The CLIP image processor's settings (preprocessor_config.json).
 *
 * @param resize resize so the shorter side is {@code shortestEdge}
 * @param shortestEdge target of the shorter side
 * @param centerCrop crop the centre {@code cropHeight} x {@code cropWidth}
 * @param cropHeight crop height
 * @param cropWidth crop width
 * @param rescale multiply by {@code rescaleFactor}
 * @param rescaleFactor usually 1/255
 * @param normalize subtract {@code mean} and divide by {@code std}, per channel
 * @param mean (3) per-channel mean
 * @param std (3) per-channel standard deviation
 */
public record ImageProcessorConfig(boolean resize, int shortestEdge, boolean centerCrop, int cropHeight,
        int cropWidth, boolean rescale, double rescaleFactor, boolean normalize, float[] mean, float[] std) {
    public ImageProcessorConfig {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("image_mean and image_std must have 3 entries, found "
                    + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("image_std entries must be > 0, found " + s);
            }
        }
        if ((resize && shortestEdge <= 0) || (centerCrop && (cropHeight <= 0 || cropWidth <= 0))) {
            throw new IllegalArgumentException("size.shortest_edge and crop_size must be > 0, found "
                    + shortestEdge + " and " + cropHeight + "x" + cropWidth);
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
