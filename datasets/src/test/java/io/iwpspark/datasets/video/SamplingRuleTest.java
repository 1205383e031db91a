package io.iwpspark.datasets.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SamplingRuleTest {
    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    /** lmms-eval's own functions run by tools/lmms_eval_sampling.py on 13 totals x 7 frame counts. */
    @Test
    void equalsLmmsEvalOnEveryCommittedCase() throws IOException {
        JsonNode doc = TestVideos.json("lmms_eval_sampling.json");
        int n = 0;
        for (JsonNode c : doc.get("cases")) {
            int total = c.get("total").asInt();
            int frames = c.get("frames").asInt();
            String where = "total=" + total + " frames=" + frames;
            assertArrayEquals(ints(c.get("uniform")), SamplingRule.UNIFORM.indices("v.mp4", total, total, frames), "uniform " + where);
            assertArrayEquals(ints(c.get("pyav")), SamplingRule.PYAV.indices("v.mp4", total, total, frames), "pyav " + where);
            n++;
        }
        assertEquals(91, n);
    }

    @Test
    void handComputed() {
        // 29 / 7 = 4.142857...: 0, 4.14, 8.29, 12.43, 16.57, 20.71, 24.86, then the end 29.
        assertArrayEquals(new int[] {0, 4, 8, 12, 16, 20, 24, 29}, SamplingRule.UNIFORM.indices("a.mp4", 30, 30, 8));
        // Shorter than asked: decord repeats indices (4 / 7 = 0.571...), PyAV takes every frame once.
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 3, 4}, SamplingRule.UNIFORM.indices("a.mp4", 5, 5, 8));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, SamplingRule.PYAV.indices("a.mp4", 5, 5, 8));
        assertArrayEquals(new int[] {0}, SamplingRule.UNIFORM.indices("a.mp4", 100, 100, 1));
        assertArrayEquals(new int[] {0, 99}, SamplingRule.UNIFORM.indices("a.mp4", 100, 100, 2));
        // A header counting 17 frames of which the decoder outputs 14 (cut.mp4): 16 / 7 = 2.2857...
        // gives 0, 2, 4, 6, 9, 11, 13, 16; read_video never reaches 16.
        assertArrayEquals(new int[] {0, 2, 4, 6, 9, 11, 13}, SamplingRule.PYAV.indices("cut.mp4", 17, 14, 8));
    }

    @Test
    void pyavDecodesEveryFrameOfWebmMkvAndHeaderless() {
        assertEquals(25, SamplingRule.PYAV.indices("/d/ssv2/1.webm", 0, 25, 8).length);
        assertEquals(20, SamplingRule.PYAV.indices("/d/x.mkv", 20, 20, 8).length);
        assertEquals(16, SamplingRule.PYAV.indices("/d/x.avi", 0, 16, 8).length);
        assertEquals(8, SamplingRule.PYAV.indices("/d/x.avi", 16, 16, 8).length);
    }

    @Test
    void optionsNameTheSweepKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VideoSampling(0, SamplingRule.UNIFORM));
        assertTrue(e.getMessage().startsWith("video_frames: expected 1 to 1024 but found 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VideoSampling.of(8, "decord"));
        assertTrue(e.getMessage().contains("video_sampling") && e.getMessage().contains("decord"), e.getMessage());
        assertEquals(new VideoSampling(16, SamplingRule.PYAV), VideoSampling.of(16, " PyAV "));
    }
}
