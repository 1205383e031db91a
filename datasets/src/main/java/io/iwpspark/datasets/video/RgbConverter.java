package io.iwpspark.datasets.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getColorspaceDetails;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decoded frame to RGB24 at the same size with libswscale, as PyAV's {@code to_ndarray(format="rgb24")}
 * (lmms-eval's pyav path: SWS_BILINEAR, no scaling) and FFmpeg's command line {@code -pix_fmt rgb24}
 * do. The YUV matrix follows the frame's colorspace tag (BT.601 when untagged) and its range.
 */
final class RgbConverter implements AutoCloseable {
    private SwsContext sws;
    private BytePointer out;
    private int capacity;

    byte[] convert(AVFrame f) {
        int w = f.width();
        int h = f.height();
        sws = sws_getCachedContext(sws, w, h, f.format(), w, h, AV_PIX_FMT_RGB24, SWS_BILINEAR, null, null, (double[]) null);
        if (sws == null) {
            throw new IllegalStateException("libswscale: no conversion from pixel format " + f.format() + " to rgb24");
        }
        // Keep what sws_getCachedContext chose (yuvj formats: full range), but take the matrix from the frame's tag.
        try (PointerPointer<IntPointer> inv = new PointerPointer<>(1); PointerPointer<IntPointer> table = new PointerPointer<>(1);
             IntPointer srcRange = new IntPointer(1); IntPointer dstRange = new IntPointer(1); IntPointer brightness = new IntPointer(1);
             IntPointer contrast = new IntPointer(1); IntPointer saturation = new IntPointer(1)) {
            if (sws_getColorspaceDetails(sws, inv, srcRange, table, dstRange, brightness, contrast, saturation) >= 0) {
                int range = srcRange.get() | (f.color_range() == AVCOL_RANGE_JPEG ? 1 : 0);
                sws_setColorspaceDetails(sws, sws_getCoefficients(f.colorspace()), range, table.get(IntPointer.class, 0),
                        dstRange.get(), brightness.get(), contrast.get(), saturation.get());
            }
        }
        int size = w * h * 3;
        if (size > capacity) {
            if (out != null) {
                out.close();
            }
            out = new BytePointer((long) size);
            capacity = size;
        }
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(out, null, null, null);
             IntPointer dstStride = new IntPointer(w * 3, 0, 0, 0)) {
            sws_scale(sws, f.data(), f.linesize(), 0, h, dst, dstStride);
        }
        byte[] rgb = new byte[size];
        out.get(rgb, 0, size);
        return rgb;
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
