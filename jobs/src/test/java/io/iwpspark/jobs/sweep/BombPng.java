package io.iwpspark.jobs.sweep;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A decompression bomb for the sweep's tests: a valid 1-bit greyscale PNG whose header declares
 * {@code width x height} pixels in a file of tens of kilobytes (rows of zeros deflate about 1000:1).
 * Same construction as the datasets module's test PngBomb, which jobs' tests cannot see.
 */
final class BombPng {
    private BombPng() {}

    static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {1, 0, 0, 0, 0});
            chunk(file, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            byte[] row = new byte[1 + (width + 7) / 8];
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            }
            chunk(file, "IDAT", idat.toByteArray());
            chunk(file, "IEND", new byte[0]);
            return file.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream file, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(file);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
