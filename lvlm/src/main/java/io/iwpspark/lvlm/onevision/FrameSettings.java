package io.iwpspark.lvlm.onevision;

/**
 * What OneVision's image and video processors do to each picture once its geometry is settled
 * (LlavaOnevisionImageProcessor / LlavaOnevisionVideoProcessor, resample bicubic): resize to
 * {@code height x width}, multiply by {@code rescaleFactor}, normalise per channel.
 *
 * @param height output height (size.height)
 * @param width output width (size.width)
 * @param rescaleFactor usually 1/255 (1 when do_rescale is false)
 * @param mean (3) per-channel mean (0 when do_normalize is false)
 * @param std (3) per-channel standard deviation (1 when do_normalize is false)
 */
public record FrameSettings(int height, int width, double rescaleFactor, float[] mean, float[] std) {
    public FrameSettings {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("size height and width must be > 0, found " + height + "x" + width);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("image_mean and image_std must have 3 entries, found " + mean.length
                    + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("image_std entries must be > 0, found " + s);
            }
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
