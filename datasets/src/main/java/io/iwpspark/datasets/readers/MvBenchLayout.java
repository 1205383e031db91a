package io.iwpspark.datasets.readers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where MVBench (OpenGVLab/MVBench on the Hugging Face hub) keeps each task's videos: {@code json/<task>.json}
 * beside {@code video/<folder>/}. Two folder sets are published: the main branch's, as the authors'
 * evaluation reads it (OpenGVLab/Ask-Anything video_chat2/mvbench.ipynb, {@code data_list}: e.g.
 * ssv2_video with webm files, tvqa frame folders, whole Charades videos with start / end), and the
 * "video" revision lmms-eval downloads, with clips cut to those bounds (lmms-eval
 * lmms_eval/tasks/mvbench/utils.py {@code DATA_LIST}, commit 75571cfe). Both are tried, lmms-eval's first.
 */
final class MvBenchLayout {
    private static final Map<String, List<String>> FOLDERS = Map.ofEntries(
            Map.entry("action_sequence", List.of("star/Charades_segment", "star/Charades_v1_480")),
            Map.entry("action_prediction", List.of("star/Charades_segment", "star/Charades_v1_480")),
            Map.entry("action_antonym", List.of("ssv2_video_mp4", "ssv2_video")),
            Map.entry("fine_grained_action", List.of("Moments_in_Time_Raw/videos")),
            Map.entry("unexpected_action", List.of("FunQA_test/test")),
            Map.entry("object_existence", List.of("clevrer/video_validation")),
            Map.entry("object_interaction", List.of("star/Charades_segment", "star/Charades_v1_480")),
            Map.entry("object_shuffle", List.of("perception/videos")),
            Map.entry("moving_direction", List.of("clevrer/video_validation")),
            Map.entry("action_localization", List.of("sta/sta_video_segment", "sta/sta_video")),
            Map.entry("scene_transition", List.of("scene_qa/video")),
            Map.entry("action_count", List.of("perception/videos")),
            Map.entry("moving_count", List.of("clevrer/video_validation")),
            Map.entry("moving_attribute", List.of("clevrer/video_validation")),
            Map.entry("state_change", List.of("perception/videos")),
            Map.entry("fine_grained_pose", List.of("nturgbd_convert", "nturgbd")),
            Map.entry("character_order", List.of("perception/videos")),
            Map.entry("egocentric_navigation", List.of("vlnqa")),
            Map.entry("episodic_reasoning", List.of("tvqa/video_fps3_hq_segment", "tvqa/frames_fps3_hq")),
            Map.entry("counterfactual_inference", List.of("clevrer/video_validation")));

    private MvBenchLayout() {
    }

    /** The task's question files: {@code <root>/json/*.json}, else {@code <root>/*.json}, in name order. */
    static List<Path> questionFiles(Path root) throws java.io.IOException {
        Path json = root.resolve("json");
        Path dir = Files.isDirectory(json) ? json : root;
        try (var s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            if (files.isEmpty()) {
                throw new java.io.IOException(root + ": expected MVBench question files json/<task>.json but found none");
            }
            return files;
        }
    }

    /**
     * The paths tried for a task's video, in order: each known folder of the task under
     * {@code <root>/video/} and under {@code <root>/}, then the name itself there (an unknown task).
     */
    static List<Path> candidates(Path root, String task, String video) {
        List<Path> out = new ArrayList<>();
        for (String folder : FOLDERS.getOrDefault(task, List.of())) {
            out.add(root.resolve("video").resolve(folder).resolve(video));
            out.add(root.resolve(folder).resolve(video));
        }
        out.add(root.resolve("video").resolve(video));
        out.add(root.resolve(video));
        return out;
    }
}
