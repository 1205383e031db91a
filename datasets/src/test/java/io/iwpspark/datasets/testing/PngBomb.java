package io.iwpspark.datasets.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * A decompression bomb: a valid PNG (1-bit greyscale, every pixel black) whose header declares
 * {@code width x height} pixels while its file is tiny, since rows of zeros deflate about 1000:1.
 * Built chunk by chunk as the PNG specification lays them out (signature, IHDR, IDAT, IEND, each
 * with its CRC-32), streaming the rows so the test itself never holds the raw image.
 */
public final class PngBomb {
    private PngBomb() {}

    public static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {1, 0, 0, 0, 0}); // bit depth 1, greyscale, deflate, filter 0, no interlace
            chunk(file, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            byte[] row = new byte[1 + (width + 7) / 8]; // filter byte 0, then zero bits
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat,
                    new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION))) {
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            }
            chunk(file, "IDAT", idat.toByteArray());
            chunk(file, "IEND", new byte[0]);
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream file, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(file);
        out.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
