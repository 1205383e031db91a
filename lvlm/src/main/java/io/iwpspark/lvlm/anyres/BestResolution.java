package io.iwpspark.lvlm.anyres;

import java.util.List;

/**
 * The two size rules of "anyres" tiling, as transformers 5.24 computes them
 * (image_processing_utils.select_best_resolution and get_patch_output_size), in double arithmetic with
 * Python's truncating int() and math.ceil.
 */
public final class BestResolution {
    private BestResolution() {}

    /**
     * The pinpoint that keeps most of the image's pixels when the image is scaled to fit inside it
     * (capped at the original pixel count), ties going to the one that wastes the fewest pixels; the
     * first such pinpoint in list order wins.
     */
    public static Size select(Size image, List<Size> pinpoints) {
        if (pinpoints.isEmpty()) {
            throw new IllegalArgumentException("image_grid_pinpoints must hold at least one resolution, found none");
        }
        if (image.height() <= 0 || image.width() <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + image);
        }
        Size best = null;
        long maxEffective = 0;
        long minWasted = Long.MAX_VALUE;
        for (Size p : pinpoints) {
            double scale = Math.min((double) p.width() / image.width(), (double) p.height() / image.height());
            long w = (long) (image.width() * scale);
            long h = (long) (image.height() * scale);
            long effective = Math.min(w * h, image.area());
            long wasted = p.area() - effective;
            if (effective > maxEffective || (effective == maxEffective && wasted < minWasted)) {
                maxEffective = effective;
                minWasted = wasted;
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no pinpoint of " + pinpoints + " keeps any pixel of an image of " + image);
        }
        return best;
    }

    /**
     * The size an image is resized to before padding to {@code target}: the side with the smaller scale
     * fills the target exactly, the other is scaled by the same factor, rounded up, and capped.
     */
    public static Size fit(Size image, Size target) {
        double scaleW = (double) target.width() / image.width();
        double scaleH = (double) target.height() / image.height();
        if (scaleW < scaleH) {
            return new Size(Math.min((int) Math.ceil(image.height() * scaleW), target.height()), target.width());
        }
        return new Size(target.height(), Math.min((int) Math.ceil(image.width() * scaleH), target.width()));
    }
}
