package io.iwpspark.lvlm.anyres;

import java.util.List;

/**
 * How one image is tiled: the chosen pinpoint, the aspect-preserving resize inside it, the centred
 * zero padding that fills it, and the rows x cols crops of the tower's side that cut it (row by row).
 *
 * @param image the original image
 * @param best the selected pinpoint ({@link BestResolution#select})
 * @param cropSide the side of every crop, the vision tower's image size
 * @param resized the image's size inside the pinpoint ({@link BestResolution#fit})
 * @param padTop zero rows above the resized image (the remainder goes below)
 * @param padLeft zero columns left of it (the remainder goes right)
 */
public record CropGrid(Size image, Size best, int cropSide, Size resized, int padTop, int padLeft) {
    /**
     * Plans the tiling of {@code image}; every pinpoint must be a multiple of {@code cropSide} on both
     * sides (transformers would otherwise cut ragged crops its model cannot lay out).
     */
    public static CropGrid plan(Size image, List<Size> pinpoints, int cropSide) {
        if (cropSide <= 0) {
            throw new IllegalArgumentException("crop side must be > 0, found " + cropSide);
        }
        for (Size p : pinpoints) {
            if (p.height() <= 0 || p.width() <= 0 || p.height() % cropSide != 0 || p.width() % cropSide != 0) {
                throw new IllegalArgumentException("image_grid_pinpoints entries must be positive multiples of the "
                        + "crop side " + cropSide + ", found " + p);
            }
        }
        Size best = BestResolution.select(image, pinpoints);
        Size resized = BestResolution.fit(image, best);
        // As LlavaNextImageProcessor._get_padding_size: half the slack before, the odd pixel after.
        return new CropGrid(image, best, cropSide, resized, (best.height() - resized.height()) / 2,
                (best.width() - resized.width()) / 2);
    }

    public int rows() {
        return best.height() / cropSide;
    }

    public int cols() {
        return best.width() / cropSide;
    }

    /** Crops of the grid, the base image not counted. */
    public int crops() {
        return rows() * cols();
    }
}
