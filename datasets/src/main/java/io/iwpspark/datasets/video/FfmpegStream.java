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

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The video stream of one file, demuxed with libavformat and decoded with libavcodec
 * (org.bytedeco:ffmpeg, FFmpeg 7.1.1, LGPL build): opening checks the header against the limits;
 * then {@link #index}, {@link #seek} and {@link #next} frame by frame. Errors name the file and the step.
 */
final class FfmpegStream implements AutoCloseable {
    static {
        av_log_set_level(AV_LOG_ERROR);
    }

    final String name;
    final String codecName;
    final int width;
    final int height;
    final double fps;
    final long headerFrames;
    private final AVFormatContext fmt;
    private final int stream;
    private final AVCodecContext codec;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private boolean drained; // the decoder was sent the end of the stream

    FfmpegStream(Path file, VideoLimits limits, int threads) throws VideoException {
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
                        + " is outside the limit maxPixels=" + limits.maxPixels() + " (media.max_pixels)");
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
            this.codecName = codecName;
            width = par.width();
            height = par.height();
            this.fps = fps;
            headerFrames = Math.max(0, st.nb_frames());
        } catch (VideoException | RuntimeException e) {
            if (ctx != null) {
                avcodec_free_context(ctx);
            }
            release();
            throw e;
        }
        codec = ctx;
    }

    /** The frame {@link #next} decoded last. */
    AVFrame frame() {
        return frame;
    }

    /** Every video packet's timestamp and key flag, read without decoding; the position is then past the end. */
    FrameIndex index(VideoLimits limits) throws VideoException {
        FrameIndex index = new FrameIndex();
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
        return index;
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

    /** The current frame's timestamp. */
    long stamp() {
        long t = frame.best_effort_timestamp();
        return t == AV_NOPTS_VALUE ? frame.pts() : t;
    }

    /** The next decoded frame into {@code frame}; false at the end of the stream. */
    boolean next() throws VideoException {
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

    /** To the key frame at or before {@code stamp}, decoder emptied. */
    void seek(long stamp) throws VideoException {
        check(av_seek_frame(fmt, stream, stamp, AVSEEK_FLAG_BACKWARD), "seek to timestamp " + stamp);
        avcodec_flush_buffers(codec);
        drained = false;
    }

    private void release() {
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
