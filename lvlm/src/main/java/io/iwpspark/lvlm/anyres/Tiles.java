package io.iwpspark.lvlm.anyres;

import java.util.ArrayList;
import java.util.List;

/**
 * The pixel side of anyres tiling on (h, w, 3) 8-bit RGB arrays (ints 0..255), in the order the
 * processors emit them: the whole image resized to the base size, then the crops of
 * {@link CropGrid} row by row. The crops come from the image resized into its pinpoint (aspect kept)
 * and centred on zeros, as LlavaNextImageProcessor's _resize_for_patching, _pad_for_patching and
 * divide_to_patches do (OneVision's processors the same); rescale and normalise come after, per tile.
 */
public final class Tiles {
    private Tiles() {}

    /** A resampling filter of the processor (LLaVA-NeXT: Pillow bicubic). */
    @FunctionalInterface
    public interface Resampler {
        /** rgb (h, w, 3) -> (outH, outW, 3). */
        int[] resize(int[] rgb, int h, int w, int outH, int outW);
    }

    /**
     * @param rgb (h, w, 3) the image, h x w = {@code grid.image()}
     * @param base the size the whole image is resized to (the tower's input, ignoring aspect)
     * @return 1 + crops arrays: base (base.h, base.w, 3), then each crop (side, side, 3)
     */
    public static List<int[]> cut(int[] rgb, CropGrid grid, Size base, Resampler resampler) {
        Size image = grid.image();
        if (rgb.length != image.area() * 3) {
            throw new IllegalArgumentException("rgb must hold " + image + "x3 = " + image.area() * 3 + " values, found "
                    + rgb.length);
        }
        List<int[]> out = new ArrayList<>(1 + grid.crops());
        out.add(resampler.resize(rgb, image.height(), image.width(), base.height(), base.width()));
        Size r = grid.resized();
        int[] resized = resampler.resize(rgb, image.height(), image.width(), r.height(), r.width());
        int side = grid.cropSide();
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                int[] crop = new int[side * side * 3]; // zeros: the padding
                for (int y = 0; y < side; y++) {
                    int sy = row * side + y - grid.padTop(); // row in the resized image
                    if (sy < 0 || sy >= r.height()) {
                        continue;
                    }
                    for (int x = 0; x < side; x++) {
                        int sx = col * side + x - grid.padLeft();
                        if (sx >= 0 && sx < r.width()) {
                            System.arraycopy(resized, (sy * r.width() + sx) * 3, crop, (y * side + x) * 3, 3);
                        }
                    }
                }
                out.add(crop);
            }
        }
        return out;
    }
}
