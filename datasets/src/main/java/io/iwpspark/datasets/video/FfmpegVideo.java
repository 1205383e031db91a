package io.iwpspark.datasets.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One video file opened with FFmpeg ({@link FfmpegStream}). Opening checks the limits against the
 * file size and the stream header, then indexes the packets (no decoding); {@link #decode} decodes
 * only towards the wanted frames, seeking to the key frame before each one when that skips work,
 * and converts only the wanted ones to RGB. Not thread-safe: one instance per task; close it.
 */
public final class FfmpegVideo implements AutoCloseable {
    private final Path file;
    private final VideoLimits limits;
    private final int threads;
    private FfmpegStream in;
    private final FrameIndex index;
    private final RgbConverter rgb = new RgbConverter();
    private final VideoInfo info;

    private FfmpegVideo(Path file, FfmpegStream in, VideoLimits limits, int threads) throws VideoException {
        this.file = file;
        this.limits = limits;
        this.threads = threads;
        this.in = in;
        index = in.index(limits);
        info = new VideoInfo(in.codecName, in.width, in.height, in.headerFrames, index.count(), in.fps);
    }

    /**
     * @param threads decoder threads (1 in Spark tasks, which already use every core)
     * @throws VideoException naming the file: missing, over a limit, not a video, or no decoder
     */
    public static FfmpegVideo open(Path file, VideoLimits limits, int threads) throws VideoException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new VideoException(file + ": expected a video file but found none readable (" + e.getMessage() + ")");
        }
        if (size > limits.maxFileBytes()) {
            throw new VideoException(file + ": " + size + " bytes, over the limit maxFileBytes=" + limits.maxFileBytes());
        }
        FfmpegStream in = new FfmpegStream(file, limits, threads);
        try {
            return new FfmpegVideo(file, in, limits, threads);
        } catch (VideoException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public VideoInfo info() {
        return info;
    }

    /**
     * Decodes the frames at {@code indices} (distinct, ascending, each below {@link VideoInfo#frameCount})
     * and hands each to {@code sink} as it is converted, so memory holds one frame at a time.
     */
    public void decode(int[] indices, Consumer<RgbFrame> sink) throws VideoException {
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= info.frameCount() || k > 0 && indices[k] <= indices[k - 1]) {
                throw new IllegalArgumentException("indices: expected distinct ascending frame numbers below "
                        + info.frameCount() + " but found " + indices[k] + " at position " + k);
            }
        }
        if (index.ordered()) {
            byStamp(indices, sink, true);
        } else {
            inOrder(indices, sink);
        }
    }

    /**
     * Frames matched by timestamp. Seeking: to the key frame before a wanted frame that lies past
     * the position. Should the decoder then start past the wanted frame, the rest is decoded once
     * more from the file's start without seeking.
     */
    void byStamp(int[] indices, Consumer<RgbFrame> sink, boolean seeking) throws VideoException {
        if (!seeking) {
            rewind();
        }
        long position = Long.MIN_VALUE;
        boolean started = !seeking;
        for (int k = 0; k < indices.length; k++) {
            long want = index.stamp(indices[k]);
            long key = index.keyAtOrBefore(want);
            if (seeking && (!started || key > position)) {
                in.seek(key);
                started = true;
            }
            while (true) {
                if (!in.next()) {
                    throw new VideoException(in.name + ": frame " + indices[k] + " (timestamp " + want
                            + ") was not produced by the decoder before the end of the stream");
                }
                long got = in.stamp();
                position = got;
                if (got == want) {
                    emit(indices[k], sink);
                    break;
                }
                if (got > want) {
                    if (!seeking) {
                        throw new VideoException(in.name + ": frame " + indices[k] + " (timestamp " + want
                                + ") was skipped by the decoder (next timestamp " + got + ")");
                    }
                    byStamp(Arrays.copyOfRange(indices, k, indices.length), sink, false);
                    return;
                }
            }
        }
    }

    /** Frames counted in the order the decoder gives them, from the file's start (no usable timestamps). */
    void inOrder(int[] indices, Consumer<RgbFrame> sink) throws VideoException {
        rewind();
        int n = 0;
        for (int k = 0; k < indices.length; k++) {
            while (true) {
                if (!in.next()) {
                    throw new VideoException(in.name + ": the decoder gave " + n + " frames, expected frame " + indices[k]);
                }
                if (n++ == indices[k]) {
                    emit(indices[k], sink);
                    break;
                }
            }
        }
    }

    /** Back to the file's start by opening it again: no demuxer can fail that, unlike a seek to the start. */
    private void rewind() throws VideoException {
        in.close();
        in = null;
        in = new FfmpegStream(file, limits, threads);
    }

    private void emit(int index, Consumer<RgbFrame> sink) {
        var f = in.frame();
        sink.accept(new RgbFrame(index, f.width(), f.height(), rgb.convert(f)));
    }

    @Override
    public void close() {
        rgb.close();
        if (in != null) {
            in.close();
        }
    }
}
