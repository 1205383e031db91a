package io.iwpspark.datasets.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Decoding reads the encoded bytes from memory: with ImageIO's file cache on and its cache folder gone (where
 * ImageIO.createImageInputStream would write a temporary copy of every image), images still decode.
 */
class ImagesNoFileCacheTest {
    @Test
    void decodesWithoutWritingACacheFile() throws IOException {
        BufferedImage im = new BufferedImage(5, 3, BufferedImage.TYPE_3BYTE_BGR);
        im.setRGB(4, 2, 0x123456);
        byte[] png = Images.png(im, 1f);
        Path gone = Files.createTempDirectory("iwp-imageio-cache");
        boolean useCache = ImageIO.getUseCache();
        File cacheDir = ImageIO.getCacheDirectory();
        try {
            ImageIO.setUseCache(true);
            ImageIO.setCacheDirectory(gone.toFile());
            Files.delete(gone);
            BufferedImage back = Images.decode(png);
            assertEquals(0x123456, back.getRGB(4, 2) & 0xFFFFFF, "pixel (4, 2) after decoding");
            assertEquals("png", Images.check(png), "format");
            assertEquals(5, Images.header(png, MediaLimits.DEFAULT).width(), "header width");
        } finally {
            ImageIO.setCacheDirectory(cacheDir);
            ImageIO.setUseCache(useCache);
        }
    }
}
