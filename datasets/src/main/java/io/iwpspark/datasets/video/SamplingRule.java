package io.iwpspark.datasets.video;

/**
 * Which frames of a video lmms-eval hands a model, as a list of frame indices (presentation order,
 * 0 first). Both rules come from lmms-eval at commit 75571cfe0fa36ca5ec2e6aa2bb268f9d38295af3.
 */
public enum SamplingRule {
    /**
     * {@code np.linspace(0, total - 1, frames, dtype=int)} over {@code total = len(VideoReader)}: the
     * decord path, lmms-eval's default for LLaVA-OneVision ({@code LlavaOneVision.load_video},
     * lmms_eval/models/simple/llava_onevision.py, {@code video_decode_backend="decord"}), the same in
     * llava_hf.py's {@code load_video} and model_utils/load_video.py's {@code load_video_decord}.
     * decord's length is the number of video packets it indexed (dmlc/decord
     * src/video/video_reader.cc, {@code GetFrameCount}: {@code frame_ts_.size()}); here the packets
     * whose frames FFmpeg outputs (not those an edit list marks discard). Exactly {@code frames}
     * indices, repeated when the video is shorter.
     */
    UNIFORM,
    /**
     * model_utils/load_video.py {@code read_video} (alias {@code read_video_pyav}), PyAV backend:
     * when the path contains "webm" or "mkv", or the header gives no frame count, every frame
     * (record_video_length_packet); else {@code load_video_stream}: {@code min(total, frames)}
     * indices {@code np.linspace(0, total - 1, n, dtype=int)} over the header's {@code stream.frames},
     * of which those the decoder reaches ({@code record_video_length_stream}): fewer when the header
     * counts frames an edit list hides.
     */
    PYAV;

    /**
     * @param path         the video's path as lmms-eval sees it (only PYAV reads it: "webm" / "mkv")
     * @param headerFrames the container's frame count ({@code nb_frames}); 0 when it gives none
     * @param frameCount   the number of frames the decoder outputs (packets indexed, less those marked discard)
     */
    public int[] indices(String path, long headerFrames, int frameCount, int frames) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("frameCount: expected at least 1 but found " + frameCount);
        }
        if (this == UNIFORM) {
            return linspace(frameCount, frames);
        }
        if (path.contains("webm") || path.contains("mkv") || headerFrames <= 0) {
            int[] all = new int[frameCount];
            for (int i = 0; i < frameCount; i++) {
                all[i] = i;
            }
            return all;
        }
        // Indices over the header's count; decoding stops at the last frame, so those past the
        // frames the decoder outputs (a header that counts hidden frames) are not returned.
        int total = (int) Math.min(headerFrames, Integer.MAX_VALUE);
        return java.util.Arrays.stream(linspace(total, Math.min(total, frames))).filter(i -> i < frameCount).toArray();
    }

    /**
     * numpy's {@code linspace(0, total - 1, n)} cast to int: element i is {@code i * step} in
     * double, step = (total - 1) / (n - 1), the last element set to total - 1, then truncated.
     */
    static int[] linspace(int total, int n) {
        int[] out = new int[n];
        if (n == 1) {
            return out;
        }
        double step = (double) (total - 1) / (n - 1);
        for (int i = 0; i < n - 1; i++) {
            out[i] = (int) (i * step);
        }
        out[n - 1] = total - 1;
        return out;
    }
}
