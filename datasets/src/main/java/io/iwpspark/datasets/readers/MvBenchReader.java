package io.iwpspark.datasets.readers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Letters;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.video.VideoLimits;
import io.iwpspark.datasets.video.VideoSampling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * MVBench as published (see {@link MvBenchLayout}): one row per question of each {@code json/<task>.json}
 * (a JSON array of {video, question, candidates, answer = the right candidate's text}, some with
 * start / end), category = the task, the video's frames decoded and sampled by {@link VideoSampling}
 * as lmms-eval samples them, stored as PNG. A task whose videos are frame folders (tvqa in the main
 * branch) has its images sampled by the same rule. A missing or undecodable video, or a bad field,
 * is an error row naming the question file, the record and the video file.
 */
public final class MvBenchReader implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final StructType QUESTION = new StructType()
            .add("file", DataTypes.StringType, false).add("n", DataTypes.IntegerType, false)
            .add("json", DataTypes.StringType, true).add("error", DataTypes.StringType, true);
    public static final String BENCHMARK = "mvbench";
    public static final String SPLIT = "test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final VideoSampling sampling;
    private final VideoLimits limits;

    public MvBenchReader(VideoSampling sampling, VideoLimits limits) {
        this.sampling = sampling;
        this.limits = limits;
    }

    /** The question files of an MVBench folder: the units to spread over executors. */
    public static List<Path> questionFiles(Path root) throws IOException {
        return MvBenchLayout.questionFiles(root);
    }

    /** Every question of every task under {@code root}. */
    public List<Sample> read(Path root) throws IOException {
        List<Sample> out = new ArrayList<>();
        for (Path f : questionFiles(root)) {
            out.addAll(readTask(root, f));
        }
        return out;
    }

    /** The questions of one task file; a file that is not a JSON array is one error row. */
    public List<Sample> readTask(Path root, Path questionFile) throws IOException {
        List<Sample> out = new ArrayList<>();
        for (Row q : questions(questionFile)) {
            out.add(translate(root, q));
        }
        return out;
    }

    /**
     * Distributed: the driver lists the question files; the executors parse them, and decode the
     * videos after a repartition into {@code partitions}. {@code root} must be readable on every executor.
     */
    public Dataset<Row> read(SparkSession spark, String root, int partitions) throws IOException {
        List<String> files = questionFiles(Path.of(root)).stream().map(Path::toString).toList();
        FlatMapFunction<String, Row> parse = f -> questions(Path.of(f)).iterator();
        MapFunction<Row, Row> translate = q -> SampleRows.toRow(translate(Path.of(root), q));
        return spark.createDataset(files, Encoders.STRING())
                .flatMap(parse, Encoders.row(QUESTION))
                .repartition(partitions)
                .map(translate, Encoders.row(SampleRows.SCHEMA));
    }

    /** Rows (file, n, json, error) of QUESTION: one per record, or one with n = 0 and the error for an unreadable file. */
    static List<Row> questions(Path questionFile) throws IOException {
        String file = questionFile.getFileName().toString();
        JsonNode all;
        try {
            all = JSON.readTree(Files.readString(questionFile));
        } catch (JsonProcessingException e) {
            return List.of(RowFactory.create(file, 0, null, "malformed JSON: " + e.getOriginalMessage()));
        }
        if (all == null || !all.isArray()) {
            return List.of(RowFactory.create(file, 0, null, "expected a JSON array of questions but found "
                    + (all == null ? "nothing" : all.getNodeType())));
        }
        List<Row> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            out.add(RowFactory.create(file, i + 1, all.get(i).toString(), null));
        }
        return out;
    }

    private Sample translate(Path root, Row q) {
        String file = q.getString(0);
        int n = q.getInt(1);
        if (!q.isNullAt(3)) {
            return ErrorRows.of(BENCHMARK, SPLIT, file, "record", n, q.getString(3));
        }
        try {
            return record(root, file.substring(0, file.length() - ".json".length()), file, n, JSON.readTree(q.getString(2)));
        } catch (BadRecordException | IllegalArgumentException | JsonProcessingException e) { // IAE: the Sample's own checks
            return ErrorRows.of(BENCHMARK, SPLIT, file, "record", n, e.getMessage());
        }
    }

    private Sample record(Path root, String task, String file, int n, JsonNode o) throws BadRecordException {
        String video = Json.text(o, "video");
        List<String> candidates = Json.strings(o, "candidates");
        String answer = Json.text(o, "answer");
        int k = candidates.indexOf(answer);
        if (k < 0) {
            throw new BadRecordException("field answer: expected one of the candidates " + candidates + " but found \"" + answer + "\"");
        }
        String question = Json.text(o, "question");
        Path path = VideoFiles.locate(root, MvBenchLayout.candidates(root, task, video));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", file + ":" + n);
        meta.put("video", video);
        for (String f : List.of("start", "end")) {
            String v = Json.optText(o, f);
            if (!v.isEmpty()) {
                meta.put(f, v);
            }
        }
        List<byte[]> frames = VideoFiles.frames(path, sampling, limits, meta);
        return new Sample(task + "/" + n, BENCHMARK, SPLIT, task, MediaKind.VIDEO, frames, question, candidates,
                List.of(Letters.of(k)), AnswerType.MULTIPLE_CHOICE, meta, null);
    }

}
