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
import javax.imageio.stream.MemoryCacheImageInputStream;
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

    /** What an image's header declares, read without decoding any pixel. */
    public record Header(String format, int width, int height) {
        public long pixels() {
            return (long) width * height;
        }
    }

    /**
     * The header of encoded image bytes (format, width, height), read without decoding pixels, checked
     * against {@code limits} (bytes, then width x height); {@link IOException} saying why not.
     */
    public static Header header(byte[] encoded, MediaLimits limits) throws IOException {
        return withReader(encoded, limits, (reader, header) -> header);
    }

    /**
     * The format name ("png", "jpeg", ...) of encoded image bytes after checking their header against
     * {@link MediaLimits#DEFAULT} and decoding them fully, or {@link IOException} saying why they are
     * not a readable image.
     */
    public static String check(byte[] encoded) throws IOException {
        return withReader(encoded, MediaLimits.DEFAULT, (reader, header) -> {
            decoded(reader);
            return header.format();
        });
    }

    /**
     * Decodes encoded image bytes once, after checking their header against {@code limits}: an image
     * over a limit is refused before any pixel is allocated.
     */
    public static BufferedImage decode(byte[] encoded, MediaLimits limits) throws IOException {
        return withReader(encoded, limits, (reader, header) -> decoded(reader));
    }

    private static BufferedImage decoded(ImageReader reader) throws IOException {
        BufferedImage img = reader.read(0);
        if (img == null || img.getWidth() <= 0 || img.getHeight() <= 0) {
            throw new IOException("image bytes: decoded an empty image");
        }
        return img;
    }

    /**
     * Decodes encoded image bytes once. No pixel limit here: samples reach the model through
     * {@link SampleRows#decode}, which has checked every header against the sweep's limits.
     */
    public static BufferedImage decode(byte[] encoded) throws IOException {
        return decode(encoded, new MediaLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE));
    }

    private interface ReaderStep<T> {
        T apply(ImageReader reader, Header header) throws IOException;
    }

    private static <T> T withReader(byte[] encoded, MediaLimits limits, ReaderStep<T> step) throws IOException {
        if (encoded == null || encoded.length == 0) {
            throw new IOException("image bytes: expected an encoded image but found "
                    + (encoded == null ? "null" : "0 bytes"));
        }
        if (encoded.length > limits.maxBytes()) {
            throw new IOException("image bytes: " + encoded.length + " bytes exceed the limit of "
                    + limits.maxBytes() + " (media.max_bytes)");
        }
        // A memory cache, not ImageIO.createImageInputStream's default: with ImageIO's cache on, that one
        // copies the bytes, already in memory, into a temporary file for every image.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("image bytes: no image format recognised in " + encoded.length
                        + " bytes starting " + hexHead(encoded));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                Header h = new Header(reader.getFormatName().toLowerCase(java.util.Locale.ROOT),
                        reader.getWidth(0), reader.getHeight(0));
                if (h.width() <= 0 || h.height() <= 0) {
                    throw new IOException("image bytes: the " + h.format() + " header declares "
                            + h.width() + " x " + h.height() + " pixels");
                }
                if (h.pixels() > limits.maxPixels()) {
                    throw new IOException("image bytes: the " + h.format() + " header declares " + h.width() + " x "
                            + h.height() + " = " + h.pixels() + " pixels, over the limit of " + limits.maxPixels()
                            + " (media.max_pixels); not decoded");
                }
                return step.apply(reader, h);
            } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
                // Some ImageIO plug-ins signal malformed data with these unchecked exceptions.
                throw new IOException("image bytes: " + reader.getFormatName() + " data could not be decoded: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static String hexHead(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb.toString();
    }
}
