package io.iwpspark.datasets.schema;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encoding and checking of the encoded images held in the {@code media} column (headless AWT). */
public final class Images {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Images() {
    }

    /**
     * PNG bytes of {@code image}. {@code quality} in [0, 1] is ImageIO's compression quality:
     * 1 is the fastest, least compressed deflate; lossless either way.
     */
    public static byte[] png(BufferedImage image, float quality) {
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("png quality: expected 0..1 but found " + quality);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a PNG in memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * The format name ("png", "jpeg", ...) of encoded image bytes after decoding them fully, or
     * throws {@link IOException} saying why they are not a readable image.
     */
    public static String check(byte[] encoded) throws IOException {
        if (encoded == null || encoded.length == 0) {
            throw new IOException("image bytes: expected an encoded image but found "
                    + (encoded == null ? "null" : "0 bytes"));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("image bytes: no image format recognised in " + encoded.length
                        + " bytes starting " + hexHead(encoded));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                BufferedImage img = reader.read(0);
                if (img.getWidth() <= 0 || img.getHeight() <= 0) {
                    throw new IOException("image bytes: decoded an empty image");
                }
                return reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
            } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
                // Some ImageIO plug-ins signal malformed data with these unchecked exceptions.
                throw new IOException("image bytes: " + reader.getFormatName() + " data could not be decoded: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Decodes encoded image bytes; {@link IOException} when they are not a readable image. */
    public static BufferedImage decode(byte[] encoded) throws IOException {
        check(encoded);
        return ImageIO.read(new ByteArrayInputStream(encoded));
    }

    private static String hexHead(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb.toString();
    }
}
