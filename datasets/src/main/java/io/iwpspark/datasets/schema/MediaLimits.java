package io.iwpspark.datasets.schema;

/**
 * Limits on a sample's media, checked before any pixel is decoded: the bytes of each item, the pixels
 * its header declares (width x height) and the number of items (images or frames). A sample over a
 * limit becomes an error row; it never reaches the decoder. The defaults admit every benchmark this
 * project reads (photos of a few megapixels, clips of up to a few hundred frames) and refuse a
 * decompression bomb (a 20000 x 20000 PNG of 60 KB would need 1.6 GB as ARGB).
 *
 * @param maxPixels width x height of one image or frame, at most
 * @param maxFrames images or frames of one sample, at most
 * @param maxBytes encoded bytes of one image or frame, at most
 */
public record MediaLimits(long maxPixels, int maxFrames, long maxBytes) implements java.io.Serializable {
    /** 40 megapixels (about 160 MB decoded as ARGB), 512 frames, 64 MiB per item. */
    public static final MediaLimits DEFAULT = new MediaLimits(40_000_000L, 512, 64L << 20);

    public MediaLimits {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("media.max_pixels must be >= 1, found " + maxPixels);
        }
        if (maxFrames < 1) {
            throw new IllegalArgumentException("media.max_frames must be >= 1, found " + maxFrames);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("media.max_bytes must be >= 1, found " + maxBytes);
        }
    }
}
