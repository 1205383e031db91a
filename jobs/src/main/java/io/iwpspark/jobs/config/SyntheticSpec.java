package io.iwpspark.jobs.config;

/**
 * The synthetic benchmark a sweep prepares when its samples table does not exist yet.
 *
 * @param vqa ShapesVQA samples
 * @param video ShapesVideo samples
 * @param seed generator seed
 * @param imageSize image side in pixels
 */
public record SyntheticSpec(long vqa, long video, long seed, int imageSize) implements java.io.Serializable {
    public SyntheticSpec {
        if (vqa < 0 || video < 0 || vqa + video == 0) {
            throw new IllegalArgumentException("synthetic.vqa and synthetic.video must be >= 0 and not both 0, found "
                    + vqa + " and " + video);
        }
        if (imageSize < 64 || imageSize > 4096) {
            throw new IllegalArgumentException("synthetic.image_size must be 64..4096 pixels, found " + imageSize);
        }
    }
}
