package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Letters;
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
 * EgoSchema's 500-question subset with answers as lmms-eval downloads it (lmms-lab/egoschema,
 * {@code Subset/test-00000-of-00001.parquet}: question_idx, question, video_idx, option = five
 * "A. ..." strings, answer = the option index) and its videos unpacked to {@code videos/<video_idx>.mp4}.
 * The video is looked up as lmms-eval's egoschema_doc_to_visual does (tasks/egoschema/utils.py,
 * 75571cf): .mp4, then .MP4, in {@code <root>/videos/} and, for a root that is that folder, in
 * {@code <root>/}. The id is video_idx (one question per video; the official submission key); the
 * "A. " prefixes are taken off the options. One row per question, errors included.
 */
public final class EgoSchemaReader implements java.io.Serializable {
    public static final String BENCHMARK = "egoschema";
    public static final String SPLIT = "test";
    private static final long serialVersionUID = 1L;
    private static final List<String> REQUIRED = List.of("video_idx", "question", "option", "answer");
    private final VideoSampling sampling;
    private final VideoLimits limits;

    public EgoSchemaReader(VideoSampling sampling, VideoLimits limits) {
        this.sampling = sampling;
        this.limits = limits;
    }

    /** Distributed: Spark reads the Parquet table; the executors decode after a repartition into {@code partitions}. */
    public Dataset<Row> read(SparkSession spark, String parquet, String videoRoot, int partitions) {
        return VideoFiles.readParquet(spark, parquet, "EgoSchema", REQUIRED, partitions,
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
        String video = Cells.text(r, "video_idx");
        List<String> raw = Cells.strings(r, "option");
        if (raw.size() != 5) {
            throw new BadRecordException("field option: expected 5 options but found " + raw.size());
        }
        List<String> options = Options.unlettered("option", raw);
        String answer = Cells.text(r, "answer").strip();
        if (!answer.matches("[0-4]")) {
            throw new BadRecordException("field answer: expected an option index 0..4 but found \"" + answer + "\"");
        }
        String question = Cells.text(r, "question");
        List<Path> tried = new ArrayList<>();
        for (Path dir : List.of(root.resolve("videos"), root)) {
            for (String ext : List.of(".mp4", ".MP4")) {
                tried.add(dir.resolve(video + ext));
            }
        }
        Path path = VideoFiles.locate(root, tried);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", source);
        meta.put("video", video);
        String qid = Cells.optText(r, "question_idx");
        if (!qid.isEmpty()) {
            meta.put("question_idx", qid);
        }
        List<byte[]> frames = VideoFiles.frames(path, sampling, limits, meta);
        return new Sample(video, BENCHMARK, SPLIT, "", MediaKind.VIDEO, frames, question, options,
                List.of(Letters.of(Integer.parseInt(answer))), AnswerType.MULTIPLE_CHOICE, meta, null);
    }
}
