package io.iwpspark.datasets.video;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits are checked from the file and the header before decoding; every error names the file and the limit or step. */
class VideoLimitsTest {
    @TempDir
    Path dir;

    private static VideoException fails(Path file, VideoLimits limits) {
        return assertThrows(VideoException.class, () -> VideoFrames.sample(file, VideoSampling.DEFAULT, limits));
    }

    private static void names(VideoException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
        }
    }

    @Test
    void overALimit() {
        for (String name : TestVideos.NAMES) {
            Path f = TestVideos.path(name);
            names(fails(f, new VideoLimits(1000, Long.MAX_VALUE, Long.MAX_VALUE, 64)), name, "maxFileBytes=1000");
            names(fails(f, new VideoLimits(Long.MAX_VALUE, 64 * 47, Long.MAX_VALUE, 64)), name, "64x48", "maxPixels=3008");
            names(fails(f, new VideoLimits(Long.MAX_VALUE, Long.MAX_VALUE, 10, 64)), name, "maxFrames=10");
        }
    }

    @Test
    void pyavKeepsEveryFrameOfAWebmUpToALimit() {
        VideoException e = assertThrows(VideoException.class, () -> VideoFrames.sample(TestVideos.path("vp9.webm"),
                new VideoSampling(8, SamplingRule.PYAV), new VideoLimits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 24)));
        names(e, "vp9.webm", "the pyav rule keeps 25 of its 25 frames, over the limit maxSampled=24");
    }

    @Test
    void missingCorruptAndTruncatedFiles() throws Exception {
        names(fails(dir.resolve("absent.mp4"), VideoLimits.DEFAULT), "absent.mp4", "expected a video file");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path bad = Files.write(dir.resolve("noise.mp4"), noise);
        names(fails(bad, VideoLimits.DEFAULT), "noise.mp4", "could not");
        for (String name : TestVideos.NAMES) {
            byte[] all = Files.readAllBytes(TestVideos.path(name));
            Path cut = Files.write(dir.resolve("cut-" + name), Arrays.copyOf(all, all.length / 3));
            Path empty = Files.write(dir.resolve("empty-" + name), new byte[0]);
            names(fails(empty, VideoLimits.DEFAULT), "empty-" + name);
            // A truncated file either fails (naming it) or yields fewer frames than the whole; never a wrong frame count.
            try {
                SampledVideo v = VideoFrames.sample(cut, VideoSampling.DEFAULT, VideoLimits.DEFAULT);
                assertTrue(v.info().frameCount() < 16, name + " cut to a third still indexes " + v.info().frameCount() + " frames");
            } catch (VideoException e) {
                names(e, "cut-" + name);
            }
        }
    }
}
