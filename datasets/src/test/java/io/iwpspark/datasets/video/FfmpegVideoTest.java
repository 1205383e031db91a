package io.iwpspark.datasets.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our decoded frames against FFmpeg's own (the command-line ffmpeg 9.0.2 of imageio-ffmpeg, a build
 * independent of the 7.1.1 libraries we link) and against lmms-eval's read_video (PyAV).
 * Tolerance: {@link #TOLERANCE} per channel; measured 0 on all four containers, both colour-tagged mp4 and the cut clip (identical frames).
 * H.264 and VP9 decoding is bit-exact by their specifications and every side converts YUV 4:2:0 to
 * RGB with libswscale's same unscaled path, so identical is expected; 1 leaves room for a rounding
 * difference between libswscale's C and SIMD conversion paths on another CPU, and for MPEG-4
 * part 2's IDCT, which that standard lets vary by implementation. A wrong colour matrix is off by
 * about 20 (BT.709 instead of BT.601 fails here), a wrong frame by far more.
 */
class FfmpegVideoTest {
    static final int TOLERANCE = 1;
    private static final int W = 64;
    private static final int H = 48;

    static List<RgbFrame> decode(String name, int[] indices) throws VideoException {
        List<RgbFrame> out = new ArrayList<>();
        try (FfmpegVideo v = FfmpegVideo.open(TestVideos.path(name), VideoLimits.DEFAULT, 1)) {
            v.decode(indices, out::add);
        }
        return out;
    }

    @Test
    void headerAndIndexOfEachContainer() throws Exception {
        JsonNode ref = TestVideos.json("reference.json").get("videos");
        String[] codecs = {"h264", "vp9", "h264", "mpeg4", "h264", "h264", "h264"};
        for (int k = 0; k < TestVideos.NAMES.size(); k++) {
            String name = TestVideos.NAMES.get(k);
            try (FfmpegVideo v = FfmpegVideo.open(TestVideos.path(name), VideoLimits.DEFAULT, 1)) {
                VideoInfo info = v.info();
                assertEquals(codecs[k], info.codec(), name);
                assertEquals(W, info.width(), name);
                assertEquals(H, info.height(), name);
                assertEquals(ref.get(name).get("frames").asInt(), info.frameCount(), name + " frame count");
                assertEquals(ref.get(name).get("fps").asDouble(), info.fps(), 1e-9, name + " fps");
            }
        }
    }

    @Test
    void sampledFramesEqualFfmpegsOwn() throws Exception {
        JsonNode ref = TestVideos.json("reference.json").get("videos");
        for (String name : TestVideos.NAMES) {
            JsonNode s = ref.get(name).get("strips").get("8");
            int[] want = new int[s.get("indices").size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = s.get("indices").get(i).asInt();
            }
            int[][] expected = TestVideos.strip(s.get("png").asText(), H);
            List<RgbFrame> got = new ArrayList<>();
            SampledVideo v = VideoFrames.sample(TestVideos.path(name), new VideoSampling(8, SamplingRule.UNIFORM), VideoLimits.DEFAULT,
                    f -> {
                        got.add(f);
                        return f.png();
                    });
            assertArrayEquals(want, v.indices(), name + " indices");
            assertEquals(want.length, got.size(), name);
            for (int k = 0; k < want.length; k++) {
                int d = TestVideos.maxDiff(got.get(k), expected[k]);
                assertTrue(d <= TOLERANCE, name + " frame " + want[k] + ": max channel difference " + d + " > " + TOLERANCE);
            }
        }
    }

    /** read_video(path, num_frm=8) of lmms-eval itself: our PYAV rule picks the same frames with the same pixels. */
    @Test
    void pyavRuleEqualsLmmsEvalReadVideo() throws Exception {
        JsonNode runs = TestVideos.json("lmms_eval_sampling.json").get("read_video_num_frm_8");
        for (String name : TestVideos.NAMES) {
            int[][] expected = TestVideos.strip(runs.get(name).get("png").asText(), H);
            List<RgbFrame> got = new ArrayList<>();
            SampledVideo v = VideoFrames.sample(TestVideos.path(name), new VideoSampling(8, SamplingRule.PYAV), VideoLimits.DEFAULT,
                    f -> {
                        got.add(f);
                        return f.png();
                    });
            assertEquals(runs.get(name).get("frames_returned").asInt(), v.frames().size(), name + " frames returned");
            for (int k = 0; k < got.size(); k++) {
                int d = TestVideos.maxDiff(got.get(k), expected[k]);
                assertTrue(d <= TOLERANCE, name + " frame " + k + " of read_video: max channel difference " + d);
            }
        }
    }

    /** Seeking must land on the same frames as decoding everything: the drawn frame numbers say which frame came back. */
    @Test
    void seekingDecodesTheFramesAsked() throws Exception {
        for (String name : TestVideos.NAMES) {
            int total;
            try (FfmpegVideo v = FfmpegVideo.open(TestVideos.path(name), VideoLimits.DEFAULT, 1)) {
                total = v.info().frameCount();
            }
            int[] all = new int[total];
            for (int i = 0; i < total; i++) {
                all[i] = i;
            }
            List<RgbFrame> every = decode(name, all);
            int first = TestVideos.json("reference.json").get("videos").get(name).get("first_source_frame").asInt();
            for (int i = 0; i < total; i++) {
                assertEquals(first + i, TestVideos.drawnNumber(every.get(i)), name + " frame " + i + " shows another frame number");
            }
            for (int[] pick : new int[][] {{total - 1}, {1, total - 2}, {0, total / 2, total - 1}, {total / 3}}) {
                List<RgbFrame> got = decode(name, pick);
                List<RgbFrame> sequential = new ArrayList<>();
                List<RgbFrame> counted = new ArrayList<>();
                try (FfmpegVideo v = FfmpegVideo.open(TestVideos.path(name), VideoLimits.DEFAULT, 1)) {
                    v.byStamp(pick, sequential::add, false); // the fallback: from the start, no seeking
                    v.inOrder(pick, counted::add);            // files without timestamps
                }
                for (int k = 0; k < pick.length; k++) {
                    assertArrayEquals(every.get(pick[k]).rgb(), got.get(k).rgb(), name + " frame " + pick[k] + " decoded after a seek");
                    assertArrayEquals(every.get(pick[k]).rgb(), sequential.get(k).rgb(), name + " frame " + pick[k] + " without seeking");
                    assertArrayEquals(every.get(pick[k]).rgb(), counted.get(k).rgb(), name + " frame " + pick[k] + " counted in order");
                }
            }
        }
    }
}
