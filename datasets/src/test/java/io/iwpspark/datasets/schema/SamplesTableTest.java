package io.iwpspark.datasets.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesGenerator;
import io.iwpspark.datasets.synthetic.ShapesVideo;
import io.iwpspark.datasets.synthetic.ShapesVqa;
import io.iwpspark.datasets.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplesTableTest {
    private static final byte[] PNG = Images.png(new java.awt.image.BufferedImage(2, 2,
            java.awt.image.BufferedImage.TYPE_INT_RGB), 1f);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SharedSpark.start("samples-table-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void samplesAndErrorRowsSurviveAParquetRoundTrip(@TempDir Path dir) {
        Sample mc = new Sample("q1", "mmbench_en", "dev", "ocr", MediaKind.IMAGE, List.of(PNG),
                "What is written?", List.of("cat", "dog"), List.of("B"), AnswerType.MULTIPLE_CHOICE,
                Map.of("hint", "look closely", "circular_group", "7"), null);
        Sample err = Sample.error("bad.tsv:3", "mmbench_en", "dev", "bad.tsv line 3: field answer: ...",
                Map.of("source", "bad.tsv:3"));
        String path = dir.resolve("t").toString();
        SamplesTable.write(SamplesTable.fromSamples(spark, List.of(mc, err)), path);
        List<Sample> back = new ArrayList<>(SamplesTable.collect(SamplesTable.read(spark, path)));
        back.sort(Comparator.comparing(Sample::id));
        assertEquals(2, back.size());
        Sample e = back.get(0);
        Sample m = back.get(1);
        assertEquals("bad.tsv line 3: field answer: ...", e.error());
        assertTrue(e.media().isEmpty());
        assertNull(m.error());
        assertEquals(mc.options(), m.options());
        assertEquals(mc.answers(), m.answers());
        assertEquals(mc.metadata(), m.metadata());
        assertArrayEquals(PNG, m.media().get(0));
        assertEquals(AnswerType.MULTIPLE_CHOICE, m.answerType());
    }

    @Test
    void theSchemaIsPlainForPyarrow() {
        assertEquals(DataTypes.createArrayType(DataTypes.BinaryType, false), SampleRows.SCHEMA.apply("media").dataType());
        assertEquals(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false),
                SampleRows.SCHEMA.apply("metadata").dataType());
        assertTrue(SampleRows.SCHEMA.apply("error").nullable());
    }

    @Test
    void aTableWithoutAColumnIsRejectedBeforeWriting(@TempDir Path dir) {
        Dataset<Row> df = SamplesTable.fromSamples(spark, List.of()).drop("answers");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SamplesTable.write(df, dir.resolve("x").toString()));
        assertTrue(e.getMessage().contains("\"answers\" is missing"), e.getMessage());
    }

    @Test
    void generatorTableMatchesTheSparkFreeIteratorAcrossPartitions(@TempDir Path dir) {
        ShapesConfig c = ShapesConfig.defaults(11).withSize(96, 96).withFrames(4);
        String path = dir.resolve("shapes").toString();
        SamplesTable.write(ShapesGenerator.table(spark, c, 23, 5, 3), path);
        List<Sample> rows = new ArrayList<>(SamplesTable.collect(SamplesTable.read(spark, path)));
        rows.sort(Comparator.comparing(Sample::id));
        List<Sample> expected = new ArrayList<>();
        new ShapesVqa(c).iterator(0, 23).forEachRemaining(expected::add);
        new ShapesVideo(c).iterator(0, 5).forEachRemaining(expected::add);
        expected.sort(Comparator.comparing(Sample::id));
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Sample a = expected.get(i);
            Sample b = rows.get(i);
            assertEquals(a.id(), b.id());
            assertEquals(a.question(), b.question());
            assertEquals(a.answers(), b.answers());
            assertEquals(a.category(), b.category());
            assertEquals(a.media().size(), b.media().size());
            for (int f = 0; f < a.media().size(); f++) {
                assertArrayEquals(a.media().get(f), b.media().get(f), a.id() + " media " + f);
            }
        }
    }
}
