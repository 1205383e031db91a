package io.iwpspark.datasets.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One video file opened with FFmpeg's libavformat / libavcodec (org.bytedeco:ffmpeg, FFmpeg 7.1.1,
 * LGPL build). Opening checks the limits against the file size and the stream header, then indexes
 * the packets (no decoding); {@link #decode} decodes only towards the wanted frames, seeking to the
 * key frame before each one when that skips work, and converts only the wanted ones to RGB. Not
 * thread-safe: one instance per task; close it.
 */
public final class FfmpegVideo implements AutoCloseable {
    static {
        av_log_set_level(AV_LOG_ERROR);
    }

    private final String name;
    private final AVFormatContext fmt;
    private final int stream;
    private final AVCodecContext codec;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private final FrameIndex index = new FrameIndex();
    private final RgbConverter rgb = new RgbConverter();
    private final VideoInfo info;
    private boolean drained; // the decoder was sent the end of the stream

    private FfmpegVideo(Path file, VideoLimits limits, int threads) throws VideoException {
        name = file.toString();
        fmt = new AVFormatContext(null);
        try {
            check(avformat_open_input(fmt, name, null, null), "open as a video container");
        } catch (VideoException e) {
            release();
            throw e;
        }
        AVCodecContext ctx = null;
        try {
            check(avformat_find_stream_info(fmt, (AVDictionary) null), "read the stream information");
            stream = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (stream < 0) {
                throw new VideoException(name + ": expected a video stream but found none (" + error(stream) + ")");
            }
            for (int i = 0; i < fmt.nb_streams(); i++) {
                if (i != stream) {
                    fmt.streams(i).discard(AVDISCARD_ALL); // audio and subtitles are not even demuxed
                }
            }
            AVStream st = fmt.streams(stream);
            AVCodecParameters par = st.codecpar();
            long pixels = (long) par.width() * par.height();
            if (par.width() < 1 || par.height() < 1 || pixels > limits.maxPixels()) {
                throw new VideoException(name + ": frame size " + par.width() + "x" + par.height()
                        + " is outside the limit maxPixels=" + limits.maxPixels());
            }
            double fps = st.avg_frame_rate().den() == 0 ? 0 : av_q2d(st.avg_frame_rate());
            long estimate = st.nb_frames() > 0 ? st.nb_frames() : (long) (fps * Math.max(0, fmt.duration()) / AV_TIME_BASE);
            if (estimate > limits.maxFrames()) {
                throw new VideoException(name + ": the header says " + estimate + " frames, over the limit maxFrames="
                        + limits.maxFrames());
            }
            AVCodec decoder = avcodec_find_decoder(par.codec_id());
            String codecName = avcodec_get_name(par.codec_id()).getString();
            if (decoder == null) {
                throw new VideoException(name + ": no decoder for codec " + codecName + " in this FFmpeg build");
            }
            ctx = avcodec_alloc_context3(decoder);
            check(avcodec_parameters_to_context(ctx, par), "copy the codec parameters");
            ctx.thread_count(threads);
            check(avcodec_open2(ctx, decoder, (AVDictionary) null), "open the " + codecName + " decoder");
            indexPackets(limits);
            info = new VideoInfo(codecName, par.width(), par.height(), Math.max(0, st.nb_frames()), index.count(), fps);
        } catch (VideoException | RuntimeException e) {
            if (ctx != null) {
                avcodec_free_context(ctx);
            }
            release();
            throw e;
        }
        codec = ctx;
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
        return new FfmpegVideo(file, limits, threads);
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

    /** Frames matched by timestamp; seeks to the key frame before a wanted frame that lies past the position. */
    private void byStamp(int[] indices, Consumer<RgbFrame> sink, boolean mayRetry) throws VideoException {
        long position = Long.MIN_VALUE;
        boolean started = false;
        for (int k = 0; k < indices.length; k++) {
            long want = index.stamp(indices[k]);
            long key = index.keyAtOrBefore(want);
            if (!started || key > position) {
                seek(key);
                started = true;
            }
            while (true) {
                if (!next()) {
                    throw new VideoException(name + ": frame " + indices[k] + " (timestamp " + want
                            + ") was not produced by the decoder before the end of the stream");
                }
                long got = stamp();
                position = got;
                if (got == want) {
                    sink.accept(new RgbFrame(indices[k], frame.width(), frame.height(), rgb.convert(frame)));
                    break;
                }
                if (got > want) {
                    if (!mayRetry) {
                        throw new VideoException(name + ": frame " + indices[k] + " (timestamp " + want
                                + ") was skipped by the decoder (next timestamp " + got + ")");
                    }
                    int[] rest = java.util.Arrays.copyOfRange(indices, k, indices.length);
                    byStamp(rest, sink, false); // a seek landed past the frame: once more, from its start
                    return;
                }
            }
        }
    }

    /** Frames counted in the order the decoder gives them, from the start (no usable timestamps). */
    private void inOrder(int[] indices, Consumer<RgbFrame> sink) throws VideoException {
        seek(Long.MIN_VALUE);
        int n = 0;
        for (int k = 0; k < indices.length; k++) {
            while (true) {
                if (!next()) {
                    throw new VideoException(name + ": the decoder gave " + n + " frames, expected frame " + indices[k]);
                }
                if (n++ == indices[k]) {
                    sink.accept(new RgbFrame(indices[k], frame.width(), frame.height(), rgb.convert(frame)));
                    break;
                }
            }
        }
    }

    private long stamp() {
        long t = frame.best_effort_timestamp();
        return t == AV_NOPTS_VALUE ? frame.pts() : t;
    }

    /** The next decoded frame into {@code frame}; false at the end of the stream. */
    private boolean next() throws VideoException {
        av_frame_unref(frame);
        while (true) {
            int r = avcodec_receive_frame(codec, frame);
            if (r >= 0) {
                return true;
            }
            if (r == AVERROR_EOF) {
                return false;
            }
            if (r != AVERROR_EAGAIN()) {
                check(r, "decode a frame");
            }
            if (drained) {
                return false;
            }
            int read = av_read_frame(fmt, packet);
            try {
                if (read == AVERROR_EOF) {
                    drained = true;
                    check(avcodec_send_packet(codec, null), "drain the decoder");
                } else {
                    check(read, "read a packet");
                    if (packet.stream_index() == stream) {
                        check(avcodec_send_packet(codec, packet), "decode a packet");
                    }
                }
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private void seek(long stamp) throws VideoException {
        check(av_seek_frame(fmt, stream, stamp, AVSEEK_FLAG_BACKWARD), "seek to timestamp " + stamp);
        avcodec_flush_buffers(codec);
        drained = false;
    }

    private void indexPackets(VideoLimits limits) throws VideoException {
        while (true) {
            int r = av_read_frame(fmt, packet);
            if (r == AVERROR_EOF) {
                break;
            }
            check(r, "read a packet");
            try {
                // A packet marked discard (before an edit list's start, as in a clip cut without
                // re-encoding) is decoded for reference only: FFmpeg never outputs its frame.
                if (packet.stream_index() == stream && (packet.flags() & AV_PKT_FLAG_DISCARD) == 0) {
                    long pts = packet.pts();
                    long t = pts != AV_NOPTS_VALUE ? pts : packet.dts();
                    index.add(t, (packet.flags() & AV_PKT_FLAG_KEY) != 0, t != AV_NOPTS_VALUE);
                    if (index.count() > limits.maxFrames()) {
                        throw new VideoException(name + ": more than maxFrames=" + limits.maxFrames() + " video packets");
                    }
                }
            } finally {
                av_packet_unref(packet);
            }
        }
        if (index.count() == 0) {
            throw new VideoException(name + ": expected video frames but the stream has no packets");
        }
    }

    private void check(int code, String step) throws VideoException {
        if (code < 0) {
            throw new VideoException(name + ": could not " + step + ": " + error(code));
        }
    }

    private static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void release() {
        rgb.close();
        av_frame_free(frame);
        av_packet_free(packet);
        avformat_close_input(fmt);
    }

    @Override
    public void close() {
        avcodec_free_context(codec);
        release();
    }
}
