package io.iwpspark.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.testing.SharedSpark;
import io.iwpspark.datasets.video.SamplingRule;
import io.iwpspark.datasets.video.VideoFrames;
import io.iwpspark.datasets.video.VideoLimits;
import io.iwpspark.datasets.video.VideoSampling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video readers through Spark: the executors decode; input records = ok rows + error rows. */
class VideoReadersSparkTest {
    private static final VideoSampling FOUR = new VideoSampling(4, SamplingRule.UNIFORM);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SharedSpark.start("video-readers-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<Sample> collect(org.apache.spark.sql.Dataset<Row> df) {
        SampleRows.requireSchema(df.schema());
        return df.collectAsList().stream().map(SampleRows::fromRow).sorted(Comparator.comparing(Sample::id)).toList();
    }

    @Test
    void mvBenchOnExecutorsEqualsTheLocalRead(@TempDir Path root) throws Exception {
        MvBenchReaderTest.tinyMvBench(root);
        MvBenchReader reader = new MvBenchReader(FOUR, VideoLimits.DEFAULT);
        List<Sample> viaSpark = collect(reader.read(spark, root.toString(), 3));
        Map<String, Sample> local = reader.read(root).stream().collect(Collectors.toMap(Sample::id, Function.identity()));
        assertEquals(9, viaSpark.size());
        assertEquals(5, viaSpark.stream().filter(s -> !s.isError()).count());
        for (Sample s : viaSpark) {
            Sample l = local.get(s.id());
            assertEquals(l.error(), s.error(), s.id());
            assertEquals(l.metadata(), s.metadata(), s.id());
            assertEquals(l.media().size(), s.media().size(), s.id());
            for (int i = 0; i < s.media().size(); i++) {
                assertArrayEquals(l.media().get(i), s.media().get(i), s.id() + " frame " + i);
            }
        }
    }

    @Test
    void videoMmeParquetWithVideoFiles(@TempDir Path root) throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Path mp4 = Path.of(getClass().getResource("/videos/h264.mp4").toURI());
        Files.copy(mp4, data.resolve("vidA.mp4"));
        Files.copy(Path.of(getClass().getResource("/videos/h264.mkv").toURI()), data.resolve("vidB.mkv"));
        Files.write(data.resolve("vidC.mp4"), new byte[] {1, 2, 3});
        StructType schema = new StructType().add("video_id", DataTypes.StringType).add("duration", DataTypes.StringType)
                .add("domain", DataTypes.StringType).add("sub_category", DataTypes.StringType).add("videoID", DataTypes.StringType)
                .add("question_id", DataTypes.StringType).add("task_type", DataTypes.StringType).add("question", DataTypes.StringType)
                .add("options", DataTypes.createArrayType(DataTypes.StringType)).add("answer", DataTypes.StringType);
        List<String> abcd = List.of("A. red", "B. blue", "C. green", "D. none");
        List<Row> rows = List.of(
                RowFactory.create("001", "short", "Knowledge", "Humanity", "vidA", "001-1", "Counting Problem", "How many squares?", abcd, "A"),
                RowFactory.create("002", "medium", "Sports", "Football", "vidB", "002-1", "Object Recognition", "Which colour?", abcd, "C"),
                RowFactory.create("003", "long", "Life", "Travel", "vidC", "003-1", "OCR Problems", "What is written?", abcd, "B"),
                RowFactory.create("004", "long", "Life", "Travel", "vidZ", "004-1", "OCR Problems", "What is written?", abcd, "B"),
                RowFactory.create("001", "short", "Knowledge", "Humanity", "vidA", "001-2", "Counting Problem", "How many?", abcd, "E"));
        Path parquet = root.resolve("videomme");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());

        List<Sample> got = collect(new VideoMmeReader(FOUR, VideoLimits.DEFAULT).read(spark, parquet.toString(), root.toString(), 2));
        assertEquals(5, got.size(), "one row per question");
        Sample a = got.stream().filter(s -> "001-1".equals(s.id())).findFirst().orElseThrow();
        assertEquals("short", a.category());
        assertEquals(List.of("red", "blue", "green", "none"), a.options());
        assertEquals("Counting Problem", a.meta("task_type"));
        assertEquals("0,9,19,29", a.meta("frame_indices"));
        List<byte[]> direct = VideoFrames.sample(mp4, FOUR, VideoLimits.DEFAULT).frames();
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(direct.get(i), a.media().get(i), "vidA frame " + i);
        }
        Sample b = got.stream().filter(s -> "002-1".equals(s.id())).findFirst().orElseThrow();
        assertEquals("20", b.meta("total_frames"), "vidB found as .mkv");
        List<String> errors = got.stream().filter(Sample::isError).map(Sample::error).sorted().toList();
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("field video: " + data.resolve("vidC.mp4"))), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("data/vidZ.mp4, data/vidZ.MP4, data/vidZ.mkv")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("field answer: expected an option letter in [A, B, C, D] but found \"E\"")),
                errors.toString());
        assertTrue(errors.stream().allMatch(e -> e.startsWith("part-")), "errors name the Parquet file: " + errors);
    }

    @Test
    void videoMmeNeedsItsColumnsBeforeDataMoves(@TempDir Path root) {
        String p = root.resolve("t").toString();
        spark.range(2).toDF("question").write().parquet(p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VideoMmeReader(FOUR, VideoLimits.DEFAULT).read(spark, p, root.toString(), 1));
        assertTrue(e.getMessage().contains("expected a column \"videoID\""), e.getMessage());
    }
}
