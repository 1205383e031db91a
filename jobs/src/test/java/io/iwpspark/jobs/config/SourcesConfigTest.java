package io.iwpspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.MediaLimits;
import io.iwpspark.datasets.video.SamplingRule;
import io.iwpspark.datasets.video.VideoSampling;
import io.iwpspark.jobs.prepare.PrepareJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys sources, video_frames and video_sampling: parsed strictly, each error naming key and value. */
class SourcesConfigTest {
    private static final String GOOD = "model: m\nsamples: s\noutput: o\nmethods: [random]\nbudgets: [8]\n";

    @TempDir
    Path dir;

    private SweepConfig read(String yaml) throws Exception {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, yaml);
        return SweepConfigReader.read(f, dir);
    }

    private String refused(String yaml) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> read(yaml));
        return e.getMessage();
    }

    @Test
    void sourcesAndVideoKeysRead() throws Exception {
        SweepConfig c = read(GOOD + "sources:\n  - {benchmark: pope, path: data/POPE}\n"
                + "  - {benchmark: mvbench, path: /data/MVBench, format: mvbench}\n"
                + "video_frames: 16\nvideo_sampling: pyav\n");
        assertEquals(List.of(new SourceSpec("pope", dir.resolve("data/POPE").toString(), null, null),
                new SourceSpec("mvbench", "/data/MVBench", "mvbench", null)), c.prepare().sources());
        assertEquals(new VideoSampling(16, SamplingRule.PYAV), c.prepare().video());
        assertTrue(c.preparable());
    }

    @Test
    void defaultsAreNoSourcesAnd32UniformFrames() throws Exception {
        SweepConfig c = read(GOOD);
        assertEquals(PrepareSettings.NONE, c.prepare());
        assertEquals(new VideoSampling(32, SamplingRule.UNIFORM), c.prepare().video());
        assertTrue(!c.preparable());
    }

    @Test
    void badSourcesAreRefusedNamingKeyAndValue() throws Exception {
        assertTrue(refused(GOOD + "sources:\n  - {benchmark: pope, path: p, shards: 3}\n")
                .endsWith("unknown key(s) [sources[0].shards]; expected some of [benchmark, format, images, path]"));
        assertTrue(refused(GOOD + "sources:\n  - {benchmark: pope}\n").endsWith("sources[0].path must be set, found nothing"));
        assertTrue(refused(GOOD + "sources:\n  - {benchmark: pope, path: p, format: hdf5}\n").endsWith(
                "sources[0].format must be one of [lmms-lab, llava-jsonl, vlmevalkit-tsv, mvbench, videomme, egoschema, llava-gqa, "
                        + "llava-textvqa, mme-folder] "
                        + "(or absent: found from the files), found \"hdf5\""));
        assertTrue(refused(GOOD + "sources:\n  - {benchmark: POPE!, path: p}\n")
                .endsWith("sources[0].benchmark must be a name of [a-z0-9_]+, found \"POPE!\""));
        assertTrue(refused(GOOD + "sources: /data/POPE\n").endsWith(
                "sources must be a list of {benchmark: ..., path: ..., format: ...}, found \"/data/POPE\""));
        assertTrue(refused(GOOD + "video_sampling: decord\n").endsWith("video_sampling must be uniform or pyav, found \"decord\""));
        assertTrue(refused(GOOD + "video_frames: 0\n").endsWith("video_frames must be an integer in [1, 1024], found 0"));
    }

    @Test
    void formatIsFoundFromTheFilesOrRefusedNamingWhatWasLookedFor() throws Exception {
        Path mv = Files.createDirectories(dir.resolve("MVBench/json"));
        Files.writeString(mv.resolve("action_sequence.json"), "[]");
        Files.createDirectories(dir.resolve("POPE/data"));
        Files.write(dir.resolve("POPE/data/test-00000-of-00001.parquet"), new byte[0]);
        Files.createDirectories(dir.resolve("Video-MME/data"));
        Files.write(dir.resolve("Video-MME/test-00000-of-00001.parquet"), new byte[0]);
        Files.writeString(dir.resolve("MMBench_DEV_EN.tsv"), "index\n");
        Files.createDirectories(dir.resolve("llava/images"));
        Files.writeString(dir.resolve("llava/coco_pope_random.json"), "");
        SweepConfig c = read(GOOD + "sources:\n  - {benchmark: mvbench, path: MVBench}\n  - {benchmark: pope, path: POPE}\n"
                + "  - {benchmark: videomme, path: Video-MME}\n  - {benchmark: mmbench_en, path: MMBench_DEV_EN.tsv}\n"
                + "  - {benchmark: pope, path: llava}\n");
        assertEquals(List.of("mvbench", "lmms-lab", "videomme", "vlmevalkit-tsv", "llava-jsonl"), PrepareJob.formats(c));

        Files.createDirectories(dir.resolve("nothing"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> PrepareJob.formats(read(GOOD + "sources:\n  - {benchmark: pope, path: nothing}\n")));
        assertTrue(e.getMessage().startsWith("sources[0].path: cannot tell the format of " + dir.resolve("nothing")
                + ": looked for json/<task>.json (mvbench), Subset/*.parquet beside videos/ (egoschema), "
                + "videomme/*.parquet or *.parquet beside data/ (videomme), "
                + "*.parquet (lmms-lab), *.tsv (vlmevalkit-tsv), *.jsonl or coco_pope_*.json (llava-jsonl), "
                + "llava_gqa_testdev_balanced.jsonl with testdev_balanced_questions.json (llava-gqa), "
                + "llava_textvqa_val_v051_ocr.jsonl with TextVQA_0.5.1_val.json (llava-textvqa), MME subtask folders "
                + "such as OCR/ or artwork/questions_answers_YN/ (mme-folder) and found none"),
                e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> PrepareJob.formats(read(GOOD + "sources:\n  - {benchmark: vqav2, path: POPE}\n")));
        assertEquals("sources[0].path: expected lmms-lab Parquet shards of split val (val-*.parquet or val/*.parquet) under "
                + dir.resolve("POPE") + " but found [data/test-00000-of-00001.parquet]", e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> PrepareJob.formats(read(GOOD + "sources:\n  - {benchmark: pope, path: MVBench}\n")));
        assertEquals("sources[0].benchmark: format mvbench writes benchmark mvbench, found \"pope\"", e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> PrepareJob.formats(read(GOOD + "sources:\n  - {benchmark: pope, path: absent}\n")));
        assertEquals("sources[0].path: " + dir.resolve("absent") + " does not exist", e.getMessage());
    }

    @Test
    void oldConstructorsStillBuildASweepWithoutSources() {
        SweepConfig c = new SweepConfig("m", "cpu", "f32", "s", null, List.of(), 0,
                List.of(new MethodGrid("random", Map.of())), List.of(8), 2, false, false, VisualSettings.DEFAULT, 0, 1,
                "o", 1, 0, MediaLimits.DEFAULT);
        assertEquals(PrepareSettings.NONE, c.prepare());
        assertNull(c.synthetic());
    }
}
