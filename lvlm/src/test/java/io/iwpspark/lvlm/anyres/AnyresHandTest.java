package io.iwpspark.lvlm.anyres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed anyres cases on LLaVA-NeXT-7B's geometry (336 px crops, 24 x 24 tokens each). */
class AnyresHandTest {
    static final List<Size> NEXT_7B = List.of(new Size(336, 672), new Size(672, 336), new Size(672, 672),
            new Size(1008, 336), new Size(336, 1008));

    /**
     * An 800 x 600 (w x h) photo: scales 672/800 = 0.84 and 672/600 keep 672 x 504 = 338,688 px in the
     * 672 x 672 pinpoint (the 336 x 672 one keeps 448 x 336 = 150,528), so a 2 x 2 grid; resized to
     * 504 x 672 (h x w) with 84 zero rows above and below; the 48 x 48 map keeps rows
     * (48 - round(600 * 48 / 800) = 48 - 36) / 2 = 6 .. 42: 36 rows of 48 + 1 newline = 1764, plus the
     * 576 base tokens = 2340. Without unpadding (LLaVA "spatial"): 576 + 4 x 576 = 2880.
     */
    @Test
    void photo800x600() {
        CropGrid grid = CropGrid.plan(new Size(600, 800), NEXT_7B, 336);
        assertEquals(new Size(672, 672), grid.best());
        assertEquals(new Size(504, 672), grid.resized());
        assertEquals(84, grid.padTop());
        assertEquals(0, grid.padLeft());
        assertEquals(4, grid.crops());
        Unpad.Window w = Unpad.window(grid.image(), 48, 48);
        assertEquals(new Unpad.Window(6, 0, 36, 48), w);
        assertEquals(2340, Packing.order(24, 2, 2, w, true).length);
        assertEquals(2880, Packing.order(24, 2, 2, Unpad.Window.full(48, 48), false).length);
    }

    /** Spatial order without unpadding: row 0 of the joined map is row 0 of crops 0 and 1. */
    @Test
    void spatialOrderJoinsCropsRowByRow() {
        int[] order = Packing.order(2, 1, 2, Unpad.Window.full(2, 4), false);
        // base 0..3; crop 0 = rows 4..7, crop 1 = rows 8..11, each 2 x 2 row-major
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 8, 9, 6, 7, 10, 11}, order);
    }

    /** round(x, 7) before int(): 2.99999999 becomes 3, so one more row is kept than a plain floor. */
    @Test
    void pythonRoundingBeforeTruncation() {
        assertEquals(3.0, Unpad.roundTo7(2.99999999), 0.0);
        assertEquals(2.9999999, Unpad.roundTo7(2.99999994), 1e-12);
        assertEquals(0.5, Unpad.roundTo7(0.5), 0.0);
    }

    @Test
    void tilesPadWithZerosAroundTheResizedImage() {
        // 1 x 2 image (h x w), one pinpoint 2 x 2 of 1-pixel crops: resized to 1 x 2, one zero row below.
        Size image = new Size(1, 2);
        CropGrid grid = CropGrid.plan(image, List.of(new Size(2, 2)), 1);
        assertEquals(new Size(1, 2), grid.resized());
        assertEquals(0, grid.padTop());
        int[] rgb = {10, 11, 12, 20, 21, 22};
        List<int[]> tiles = Tiles.cut(rgb, grid, new Size(1, 1), (px, h, w, oh, ow) -> oh == h && ow == w ? px
                : new int[] {7, 7, 7});
        assertEquals(5, tiles.size());
        assertArrayEquals(new int[] {7, 7, 7}, tiles.get(0), "base");
        assertArrayEquals(new int[] {10, 11, 12}, tiles.get(1));
        assertArrayEquals(new int[] {20, 21, 22}, tiles.get(2));
        assertArrayEquals(new int[] {0, 0, 0}, tiles.get(3), "padding row");
        assertArrayEquals(new int[] {0, 0, 0}, tiles.get(4), "padding row");
    }

    @Test
    void refusesPinpointsThatAreNotCropMultiples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CropGrid.plan(new Size(10, 10), List.of(new Size(336, 500)), 336));
        assertEquals(true, e.getMessage().contains("336x500"), e.getMessage());
    }
}
