package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.video.VideoLimits;
import io.iwpspark.datasets.video.VideoSampling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Video-MME as lmms-eval downloads it (lmms-lab/Video-MME): the question table
 * {@code videomme/test-00000-of-00001.parquet} (video_id, duration, domain, sub_category, videoID,
 * question_id, task_type, question, options = ["A. ...", ...], answer = letter) and the videos
 * unpacked to {@code data/<videoID>.mp4}. The video is looked up as lmms-eval's
 * {@code videomme_doc_to_visual} does (lmms_eval/tasks/videomme/utils.py, commit 75571cfe): .mp4,
 * then .MP4, then .mkv, in {@code <root>/data/} and, for a root that is the data folder itself, in
 * {@code <root>/}. Category = duration (short / medium / long). One row per question, errors included.
 */
public final class VideoMmeReader implements java.io.Serializable {
    public static final String BENCHMARK = "videomme";
    public static final String SPLIT = "test";
    private static final long serialVersionUID = 1L;
    private static final List<String> REQUIRED = List.of("videoID", "question_id", "question", "options", "answer");
    private final VideoSampling sampling;
    private final VideoLimits limits;

    public VideoMmeReader(VideoSampling sampling, VideoLimits limits) {
        this.sampling = sampling;
        this.limits = limits;
    }

    /**
     * Distributed: Spark reads the Parquet table; the executors decode, after a repartition into
     * {@code partitions}. {@code videoRoot} must be readable on every executor.
     */
    public Dataset<Row> read(SparkSession spark, String parquet, String videoRoot, int partitions) {
        return VideoFiles.readParquet(spark, parquet, "Video-MME", REQUIRED, partitions,
                (r, file, rowIndex) -> row(r, Path.of(videoRoot), file, rowIndex));
    }

    /** One question row: a sample, or an error row naming the file, the row and the field or video. */
    public Sample row(Row r, Path root, String file, long rowIndex) {
        try {
            return translate(r, root, file + ":" + rowIndex);
        } catch (BadRecordException | IllegalArgumentException e) { // IAE: the Sample's own checks
            return ErrorRows.of(BENCHMARK, SPLIT, file, "row", rowIndex, e.getMessage());
        }
    }

    private Sample translate(Row r, Path root, String source) throws BadRecordException {
        String video = Cells.text(r, "videoID");
        List<String> options = Options.unlettered("options", Cells.strings(r, "options"));
        String answer = Options.letter("answer", Cells.text(r, "answer"), options);
        String question = Cells.text(r, "question");
        List<Path> tried = new ArrayList<>();
        for (Path dir : List.of(root.resolve("data"), root)) {
            for (String ext : List.of(".mp4", ".MP4", ".mkv")) {
                tried.add(dir.resolve(video + ext));
            }
        }
        Path path = VideoFiles.locate(root, tried);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", source);
        meta.put("video", video);
        for (String f : List.of("domain", "sub_category", "task_type", "video_id")) {
            String v = Cells.optText(r, f);
            if (!v.isEmpty()) {
                meta.put(f, v);
            }
        }
        List<byte[]> frames = VideoFiles.frames(path, sampling, limits, meta);
        return new Sample(Cells.text(r, "question_id"), BENCHMARK, SPLIT, Cells.optText(r, "duration"), MediaKind.VIDEO, frames,
                question, options, List.of(answer), AnswerType.MULTIPLE_CHOICE, meta, null);
    }
}
