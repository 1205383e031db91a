package io.iwpspark.lvlm.llava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Transparent pixels are laid over white with Pillow's alpha_composite arithmetic, as transformers' convert_rgb does. */
class AlphaTest {
    @Test
    void compositesOverWhiteAsPillow() {
        // Pillow: Image.alpha_composite(white, (0, 100, 255, a)) for a = 0, 128, 255, 1.
        assertEquals(255, ImageProcessor.overWhite(0, 0));
        assertEquals(127, ImageProcessor.overWhite(0, 128));
        assertEquals(177, ImageProcessor.overWhite(100, 128));
        assertEquals(255, ImageProcessor.overWhite(255, 128));
        assertEquals(0, ImageProcessor.overWhite(0, 255));
        assertEquals(254, ImageProcessor.overWhite(0, 1));
    }

    @Test
    void rgbaImageIsCompositedNotStripped() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00102030); // fully transparent
        img.setRGB(1, 0, 0xFF102030); // opaque
        assertArrayEquals(new int[] {255, 255, 255, 0x10, 0x20, 0x30}, ImageProcessor.rgb(img));
    }
}
