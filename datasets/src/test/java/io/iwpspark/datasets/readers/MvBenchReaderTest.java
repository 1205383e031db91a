package io.iwpspark.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.video.SamplingRule;
import io.iwpspark.datasets.video.VideoFrames;
import io.iwpspark.datasets.video.VideoLimits;
import io.iwpspark.datasets.video.VideoSampling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny MVBench folder in both published layouts, with the committed test videos as its clips. */
class MvBenchReaderTest {
    private static final VideoSampling EIGHT = new VideoSampling(8, SamplingRule.UNIFORM);

    private static Path video(String name) throws Exception {
        return Path.of(MvBenchReaderTest.class.getResource("/videos/" + name).toURI());
    }

    private static void put(Path root, String rel, Path from) throws Exception {
        Path to = root.resolve(rel);
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static String q(String video, String answer, String extra) {
        return "{\"video\": \"" + video + "\", \"question\": \"What moves?\", \"candidates\": [\"the square\", \"the bar\", \"nothing\"], "
                + "\"answer\": \"" + answer + "\"" + extra + "}";
    }

    /** Nine questions in six task files: five readable, a missing video, a corrupt one, a wrong answer, a file that is no list. */
    static void tinyMvBench(Path root) throws Exception {
        put(root, "video/ssv2_video/1.webm", video("vp9.webm"));                       // main branch folder
        put(root, "video/star/Charades_segment/s1.mp4", video("h264.mp4"));            // lmms-eval "video" revision folder
        put(root, "video/nturgbd/p.avi", video("mpeg4.avi"));
        put(root, "scene_qa/video/m.mkv", video("h264.mkv"));                          // without the video/ level
        Files.write(Files.createDirectories(root.resolve("video/star/Charades_segment")).resolve("bad.mp4"), new byte[] {0, 0, 0, 24, 'f', 't'});
        Path clip = Files.createDirectories(root.resolve("video/tvqa/frames_fps3_hq/ep1"));
        for (int i = 1; i <= 5; i++) {
            Files.write(clip.resolve("frame_" + i + ".png"), Fixtures.png(0x100000 * i));
        }
        Path json = Files.createDirectories(root.resolve("json"));
        Files.writeString(json.resolve("action_antonym.json"), "[" + q("1.webm", "the square", "") + "," + q("2.webm", "the bar", "") + "]");
        Files.writeString(json.resolve("action_sequence.json"), "[" + q("s1.mp4", "the bar", ", \"start\": 1.5, \"end\": 4.0") + ","
                + q("bad.mp4", "nothing", "") + "," + q("s1.mp4", "everything", "") + "]");
        Files.writeString(json.resolve("fine_grained_pose.json"), "[" + q("p.avi", "nothing", "") + "]");
        Files.writeString(json.resolve("scene_transition.json"), "[" + q("m.mkv", "the square", "") + "]");
        Files.writeString(json.resolve("episodic_reasoning.json"), "[" + q("ep1", "the bar", "") + "]");
        Files.writeString(json.resolve("object_shuffle.json"), "{\"not\": \"a list\"}");

    }

    @Test
    void everyQuestionIsOneRowOkOrError(@TempDir Path root) throws Exception {
        tinyMvBench(root);
        List<Sample> rows = new MvBenchReader(EIGHT, VideoLimits.DEFAULT).read(root);
        assertEquals(2 + 3 + 1 + 1 + 1 + 1, rows.size(), "one row per question, one per unreadable file");
        assertEquals(5, rows.stream().filter(s -> !s.isError()).count());

        Sample webm = rows.get(0);
        assertEquals("action_antonym/1", webm.id());
        assertEquals("action_antonym", webm.category());
        assertEquals(MediaKind.VIDEO, webm.mediaKind());
        assertEquals(List.of("A"), webm.answers());
        assertEquals("0,3,6,10,13,17,20,24", webm.meta("frame_indices"));
        assertEquals("25", webm.meta("total_frames"));
        List<byte[]> direct = VideoFrames.sample(video("vp9.webm"), EIGHT, VideoLimits.DEFAULT).frames();
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(direct.get(i), webm.media().get(i), "webm frame " + i);
        }
        TextReadersTest.assertError(rows.get(1), "action_antonym.json record 2: field video: expected a video file or frame folder but found none at "
                + "video/ssv2_video_mp4/2.webm, ssv2_video_mp4/2.webm, video/ssv2_video/2.webm");

        Sample mp4 = rows.get(2);
        assertEquals("action_sequence/1", mp4.id());
        assertEquals("1.5", mp4.meta("start"));
        assertEquals(8, mp4.media().size());
        assertEquals("0,4,8,12,16,20,24,29", mp4.meta("frame_indices"));
        TextReadersTest.assertError(rows.get(3), "action_sequence.json record 2: field video: " + root.resolve("video/star/Charades_segment/bad.mp4"));
        TextReadersTest.assertError(rows.get(4), "action_sequence.json record 3: field answer: expected one of the candidates");

        Sample frames = rows.get(5);
        assertEquals("episodic_reasoning", frames.category());
        assertEquals("0,0,1,1,2,2,3,4", frames.meta("frame_indices"));
        assertArrayEquals(Fixtures.png(0x100000), frames.media().get(0));
        assertArrayEquals(Fixtures.png(0x500000), frames.media().get(7));

        assertEquals("16", rows.get(6).meta("total_frames"));
        assertEquals(List.of("C"), rows.get(6).answers());
        TextReadersTest.assertError(rows.get(7), "object_shuffle.json record 0: expected a JSON array of questions but found OBJECT");
        assertEquals("20", rows.get(8).meta("total_frames"));
    }

    @Test
    void pyavRuleKeepsEveryFrameOfWebm(@TempDir Path root) throws Exception {
        put(root, "video/ssv2_video/1.webm", video("vp9.webm"));
        Files.writeString(Files.createDirectories(root.resolve("json")).resolve("action_antonym.json"), "[" + q("1.webm", "the square", "") + "]");
        Sample s = new MvBenchReader(new VideoSampling(8, SamplingRule.PYAV), VideoLimits.DEFAULT).read(root).get(0);
        assertEquals(25, s.media().size(), "lmms-eval's read_video decodes every frame of a webm");
        assertTrue(s.meta("frame_indices").startsWith("0,1,2,"));
    }
}
