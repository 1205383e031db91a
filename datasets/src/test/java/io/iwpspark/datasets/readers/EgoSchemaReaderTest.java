package io.iwpspark.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EgoSchema's Subset Parquet with the committed test videos as videos/<video_idx>.mp4: ok and error rows. */
class EgoSchemaReaderTest {
    private static final VideoSampling FOUR = new VideoSampling(4, SamplingRule.UNIFORM);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SharedSpark.start("egoschema-reader-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void subsetParquetWithVideoFiles(@TempDir Path root) throws Exception {
        Path videos = Files.createDirectories(root.resolve("videos"));
        Path mp4 = Path.of(getClass().getResource("/videos/h264.mp4").toURI());
        Files.copy(mp4, videos.resolve("0074f737-11cb-497d-8d07-77c3a8127391.mp4"));
        Files.copy(Path.of(getClass().getResource("/videos/bt709.mp4").toURI()), videos.resolve("ego2.MP4"));
        Files.write(videos.resolve("broken.mp4"), new byte[] {1, 2, 3});
        StructType schema = new StructType().add("question_idx", DataTypes.StringType).add("question", DataTypes.StringType)
                .add("video_idx", DataTypes.StringType).add("option", DataTypes.createArrayType(DataTypes.StringType))
                .add("answer", DataTypes.StringType);
        List<String> five = List.of("A. c cooks", "B. c cleans", "C. c reads", "D. c paints", "E. c sleeps");
        List<Row> rows = List.of(
                RowFactory.create("0", "What is c doing overall?", "0074f737-11cb-497d-8d07-77c3a8127391", five, "3"),
                RowFactory.create("1", "What does c do first?", "ego2", five, "0"),
                RowFactory.create("2", "Why?", "broken", five, "1"),
                RowFactory.create("3", "Why?", "missing", five, "1"),
                RowFactory.create("4", "Why?", "0074f737-11cb-497d-8d07-77c3a8127391", five, "5"),
                RowFactory.create("5", "Why?", "ego2", List.of("A. x", "B y", "C. z", "D. w", "E. v"), "1"));
        Path parquet = root.resolve("Subset");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());

        List<Sample> got = new EgoSchemaReader(FOUR, VideoLimits.DEFAULT).read(spark, parquet.toString(), root.toString(), 2)
                .collectAsList().stream().map(SampleRows::fromRow).sorted(Comparator.comparing(s -> s.meta("source"))).toList();
        assertEquals(6, got.size(), "one row per question");
        Sample a = got.get(0);
        assertEquals("0074f737-11cb-497d-8d07-77c3a8127391", a.id());
        assertEquals(List.of("c cooks", "c cleans", "c reads", "c paints", "c sleeps"), a.options());
        assertEquals(List.of("D"), a.answers());
        assertEquals("0", a.meta("question_idx"));
        List<byte[]> direct = VideoFrames.sample(mp4, FOUR, VideoLimits.DEFAULT).frames();
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(direct.get(i), a.media().get(i), "frame " + i);
        }
        assertEquals(4, got.get(1).media().size(), "found as .MP4");
        assertEquals(List.of("A"), got.get(1).answers());
        assertTrue(got.get(2).error().contains("field video: " + videos.resolve("broken.mp4")), got.get(2).error());
        assertTrue(got.get(3).error().contains("videos/missing.mp4, videos/missing.MP4, missing.mp4, missing.MP4"), got.get(3).error());
        assertTrue(got.get(4).error().contains("field answer: expected an option index 0..4 but found \"5\""), got.get(4).error());
        assertTrue(got.get(5).error().contains("field option[1]: expected to start with \"B. \""), got.get(5).error());
        assertTrue(got.stream().filter(Sample::isError).allMatch(s -> s.error().startsWith("part-")), "errors name the Parquet file");
    }
}
