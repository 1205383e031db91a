package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.video.SampledVideo;
import io.iwpspark.datasets.video.VideoException;
import io.iwpspark.datasets.video.VideoFrames;
import io.iwpspark.datasets.video.VideoLimits;
import io.iwpspark.datasets.video.VideoSampling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Finding and decoding the video of one question, for the readers: failures are bad records naming the file. */
final class VideoFiles {
    private VideoFiles() {
    }

    /** The first of {@code tried} that exists, else a bad record listing them relative to {@code root}. */
    static Path locate(Path root, List<Path> tried) throws BadRecordException {
        for (Path p : tried) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new BadRecordException("field video: expected a video file or frame folder but found none at "
                + tried.stream().map(p -> root.relativize(p).toString()).collect(Collectors.joining(", ")) + " under " + root);
    }

    /**
     * The sampled PNG frames of a video file or frame folder; the indices and frame count go to {@code meta}.
     * The frames are checked against the per-frame limits the sweep checks again (count, bytes, header
     * pixels), so a sample over them is an error row here, naming the media.* key.
     */
    static List<byte[]> frames(Path path, VideoSampling sampling, VideoLimits limits, Map<String, String> meta)
            throws BadRecordException {
        return within(decoded(path, sampling, limits, meta), limits);
    }

    private static List<byte[]> within(List<byte[]> frames, VideoLimits limits) throws BadRecordException {
        if (frames.size() > limits.maxSampled()) {
            throw new BadRecordException("field video: " + frames.size() + " sampled frames, over the limit maxSampled="
                    + limits.maxSampled() + " (media.max_frames)");
        }
        io.iwpspark.datasets.schema.MediaLimits perFrame = limits.perFrame();
        for (int i = 0; i < frames.size(); i++) {
            try {
                io.iwpspark.datasets.schema.Images.header(frames.get(i), perFrame);
            } catch (java.io.IOException e) {
                throw new BadRecordException("field video: sampled frame " + i + ": " + e.getMessage(), e);
            }
        }
        return frames;
    }

    private static List<byte[]> decoded(Path path, VideoSampling sampling, VideoLimits limits, Map<String, String> meta)
            throws BadRecordException {
        if (Files.isDirectory(path)) {
            return FrameFolder.sample(path, sampling, meta);
        }
        SampledVideo v;
        try {
            v = VideoFrames.sample(path, sampling, limits);
        } catch (VideoException e) {
            throw new BadRecordException("field video: " + e.getMessage(), e);
        }
        meta.put("frame_indices", Arrays.stream(v.indices()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        meta.put("total_frames", Integer.toString(v.info().frameCount()));
        return v.frames();
    }

    /** One question row of a Parquet table to a sample or an error row, given the row's file and index. */
    @FunctionalInterface
    interface ParquetRow extends java.io.Serializable {
        Sample read(Row r, String file, long rowIndex);
    }

    /**
     * A video benchmark's Parquet question table, distributed: Spark reads it (refused before any work when
     * a {@code required} column is missing, naming {@code label} and the columns found), each row keeps its
     * file name and row index, and the executors turn rows into samples after a repartition into
     * {@code partitions} (the videos are decoded there).
     */
    static Dataset<Row> readParquet(SparkSession spark, String parquet, String label, List<String> required,
            int partitions, ParquetRow reader) {
        Dataset<Row> df = spark.read().parquet(parquet);
        for (String c : required) {
            if (df.schema().getFieldIndex(c).isEmpty()) {
                throw new IllegalArgumentException(label + " Parquet " + parquet + ": expected a column \"" + c
                        + "\" but found " + Arrays.toString(df.schema().fieldNames()));
            }
        }
        df = df.withColumn("_src_file", functions.col("_metadata.file_name"))
                .withColumn("_src_row", functions.col("_metadata.row_index"));
        MapFunction<Row, Row> f = r -> SampleRows.toRow(reader.read(r, r.getString(r.fieldIndex("_src_file")),
                r.getLong(r.fieldIndex("_src_row"))));
        return df.repartition(partitions).map(f, Encoders.row(SampleRows.SCHEMA));
    }
}
