package io.iwpspark.lvlm.onevision;

import io.iwpspark.lvlm.anyres.CropGrid;
import io.iwpspark.lvlm.anyres.Size;
import io.iwpspark.lvlm.anyres.Tiles;
import io.iwpspark.lvlm.anyres.Unpad;
import io.iwpspark.lvlm.llava.BicubicResize;
import io.iwpspark.lvlm.llava.ImageProcessor;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One still image as OneVision's image processor tiles it (LlavaOnevisionImageProcessorPil, a single
 * image: get_image_patches): the whole image resized to size, then the crops of its best pinpoint
 * (aspect kept, centred on zeros), each rescaled and normalised.
 *
 * @param pixels (1 + crops, 3, S, S) normalised tiles, base first
 * @param grid the tiling, which the model needs again to lay the crops' tokens out
 */
public record AnyresImage(float[] pixels, CropGrid grid) {
    public int tiles() {
        return 1 + grid.crops();
    }

    public Size imageSize() {
        return grid.image();
    }

    /**
     * The visual block's length for an image of {@code image} (what LlavaOnevisionProcessor expands
     * {@code <image>} to): g^2 base tokens plus rows x (cols + 1) of the unpadded, anyres_max-shrunk map.
     *
     * @param side the crop side (image_size), g = side / patch
     */
    public static int tokens(Size image, List<Size> pinpoints, int side, int patch, int maxCrops) {
        CropGrid grid = CropGrid.plan(image, pinpoints, side);
        int g = side / patch;
        Unpad.Window w = Unpad.window(image, grid.rows() * g, grid.cols() * g);
        Size map = AnyresMax.shrink(new Size(w.height(), w.width()), maxCrops, g);
        return g * g + map.height() * (map.width() + 1);
    }

    static AnyresImage of(BufferedImage image, List<Size> pinpoints, FrameSettings s) {
        if (s.height() != s.width()) {
            throw new IllegalArgumentException("anyres tiles need a square size, found " + s.height() + "x" + s.width());
        }
        Size size = new Size(image.getHeight(), image.getWidth());
        CropGrid grid = CropGrid.plan(size, pinpoints, s.height());
        List<int[]> tiles = Tiles.cut(ImageProcessor.rgb(image), grid, new Size(s.height(), s.width()), BicubicResize::resize);
        int per = 3 * s.height() * s.width();
        float[] out = new float[tiles.size() * per];
        for (int i = 0; i < tiles.size(); i++) {
            FramePixels.normalise(tiles.get(i), s, out, i * per);
        }
        return new AnyresImage(out, grid);
    }
}
