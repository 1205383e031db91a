package io.iwpspark.datasets.video.bench;

import io.iwpspark.datasets.video.FfmpegVideo;
import io.iwpspark.datasets.video.SamplingRule;
import io.iwpspark.datasets.video.VideoFrames;
import io.iwpspark.datasets.video.VideoInfo;
import io.iwpspark.datasets.video.VideoLimits;
import io.iwpspark.datasets.video.VideoSampling;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Timing table of the video decoder (docs/PERFORMANCE.md), not part of the test run: for each file,
 * every frame decoded and converted to RGB (frames/s), then 8 and 32 frames sampled by the uniform
 * rule and encoded as PNG (ms per video, what a reader pays per question). One decoder thread, as
 * in a Spark task. Each figure is the best of {@code repeats} runs after one warm-up run.
 *
 * <p>Arguments: {@code <repeats> <video>...}
 */
public final class VideoDecodeTiming {
    private VideoDecodeTiming() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = Integer.parseInt(args[0]);
        System.out.println("| video | codec | size | frames | all frames decoded + RGB, frames/s | 8 sampled + PNG, ms | 32 sampled + PNG, ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int a = 1; a < args.length; a++) {
            Path file = Path.of(args[a]);
            VideoInfo info;
            try (FfmpegVideo v = FfmpegVideo.open(file, VideoLimits.DEFAULT, 1)) {
                info = v.info();
            }
            int[] all = new int[info.frameCount()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            double full = best(repeats, () -> {
                try (FfmpegVideo v = FfmpegVideo.open(file, VideoLimits.DEFAULT, 1)) {
                    v.decode(all, f -> { });
                }
            });
            double s8 = best(repeats, () -> VideoFrames.sample(file, new VideoSampling(8, SamplingRule.UNIFORM), VideoLimits.DEFAULT));
            double s32 = best(repeats, () -> VideoFrames.sample(file, new VideoSampling(32, SamplingRule.UNIFORM), VideoLimits.DEFAULT));
            System.out.printf(Locale.ROOT, "| %s | %s | %dx%d | %d | %.0f | %.0f | %.0f |%n", file.getFileName(), info.codec(), info.width(),
                    info.height(), info.frameCount(), info.frameCount() / (full / 1000), s8, s32);
        }
    }

    interface Run {
        void run() throws Exception;
    }

    /** Best wall time in ms of {@code repeats} runs after one warm-up. */
    static double best(int repeats, Run r) throws Exception {
        r.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }
}
