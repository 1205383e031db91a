package io.iwpspark.datasets.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesVqa;
import io.iwpspark.datasets.testing.PngBomb;
import io.iwpspark.datasets.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed records of our own, written as a foreign tool would (every column and element nullable)
 * and read back: every record gives one sample, ok or an error naming the record id, the field and
 * what was expected; none throws.
 */
class SampleDecodeTest {
    private static SparkSession spark;
    private static Sample good;

    @BeforeAll
    static void start() {
        spark = SharedSpark.start("sample-decode-test");
        good = new ShapesVqa(ShapesConfig.defaults(3).withSize(64, 64)).sample(0);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The good sample's row with id {@code id} and one column changed. */
    private static Object[] variant(String id, String column, Object value) {
        Row r = SampleRows.toRow(good);
        Object[] v = new Object[r.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.get(i);
        }
        v[SampleRows.SCHEMA.fieldIndex(SampleRows.ID)] = id;
        if (column != null) {
            v[SampleRows.SCHEMA.fieldIndex(column)] = value;
        }
        return v;
    }

    private static Object seq(Object... items) {
        return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(items)).toSeq();
    }

    /** SampleRows.SCHEMA with every column, element and value nullable. */
    private static StructType nullable() {
        UnaryOperator<org.apache.spark.sql.types.DataType> loose = t -> t instanceof ArrayType a
                ? DataTypes.createArrayType(a.elementType(), true)
                : t instanceof MapType m ? DataTypes.createMapType(m.keyType(), m.valueType(), true) : t;
        List<StructField> fields = new ArrayList<>();
        for (StructField f : SampleRows.SCHEMA.fields()) {
            fields.add(DataTypes.createStructField(f.name(), loose.apply(f.dataType()), true));
        }
        return DataTypes.createStructType(fields);
    }

    @Test
    void everyRecordGivesOneSampleAndErrorsNameIdFieldAndExpectation(@TempDir Path dir) {
        Map<String, String> expected = new TreeMap<>(); // id -> fragment of its error ("" = ok)
        List<Row> rows = new ArrayList<>();
        java.util.function.BiConsumer<Object[], String> add = (v, error) -> {
            rows.add(new GenericRowWithSchema(v, SampleRows.SCHEMA));
            expected.put((String) v[0], error);
        };
        add.accept(variant("ok-1", null, null), "");
        add.accept(variant("ok-2", SampleRows.CATEGORY, "other"), "");
        add.accept(variant("null-question", SampleRows.QUESTION, null),
                "record null-question: field question: expected a string but found null");
        add.accept(variant("null-answers", SampleRows.ANSWERS, null),
                "record null-answers: field answers: expected an array but found null");
        add.accept(variant("null-answer", SampleRows.ANSWERS, seq("yes", null)),
                "record null-answer: field answers[1]: expected a value but found null");
        add.accept(variant("gif-kind", SampleRows.MEDIA_KIND, "GIF"),
                "record gif-kind: field media_kind: expected one of [NONE, IMAGE, VIDEO] but found \"GIF\"");
        add.accept(variant("no-media", SampleRows.MEDIA, seq()),
                "record no-media: field media: expected at least one encoded image for media_kind IMAGE but found none");
        Object[] video = variant("video-no-media", SampleRows.MEDIA, seq());
        video[SampleRows.SCHEMA.fieldIndex(SampleRows.MEDIA_KIND)] = "VIDEO";
        add.accept(video, "field media: expected at least one encoded image for media_kind VIDEO but found none");
        add.accept(variant("bomb", SampleRows.MEDIA, seq((Object) PngBomb.png(20000, 20000))),
                "record bomb: field media[0]: image bytes: the png header declares 20000 x 20000 = 400000000 pixels, "
                        + "over the limit of 40000000 (media.max_pixels); not decoded");
        add.accept(variant("not-an-image", SampleRows.MEDIA, seq((Object) "GIF8 nope".getBytes())),
                "record not-an-image: field media[0]: image bytes: no image format recognised");
        add.accept(variant("null-meta", SampleRows.METADATA, null),
                "record null-meta: field metadata: expected a map but found null");
        add.accept(variant("bad-type", SampleRows.ANSWER_TYPE, "ESSAY"), "record bad-type: field answer_type: expected");
        Object[] mc = variant("mc-letter", SampleRows.ANSWER_TYPE, "MULTIPLE_CHOICE");
        mc[SampleRows.SCHEMA.fieldIndex(SampleRows.OPTIONS)] = seq("cat", "dog");
        mc[SampleRows.SCHEMA.fieldIndex(SampleRows.ANSWERS)] = seq("C");
        add.accept(mc, "record mc-letter: answers: expected an option letter in [A, B] but found \"C\"");
        add.accept(variant("", null, null), "record (null id): field id: expected a non-blank string but found \"\"");

        String path = dir.resolve("samples").toString();
        spark.createDataFrame(rows, nullable()).write().parquet(path);
        List<Sample> back = SamplesTable.collect(SamplesTable.read(spark, path));
        assertEquals(rows.size(), back.size(), "one sample per record");
        long ok = back.stream().filter(s -> !s.isError()).count();
        assertEquals(2, ok, "ok rows");
        assertEquals(rows.size() - 2, back.stream().filter(Sample::isError).count(), "error rows");
        for (Sample s : back) {
            String want = expected.get(s.id().equals(RowDecoder.NO_ID) ? "" : s.id());
            assertNotNull(want, "unexpected id " + s.id());
            if (want.isEmpty()) {
                assertNull(s.error(), s.id());
                assertEquals(good.media().size(), s.media().size());
            } else {
                assertTrue(s.error() != null && s.error().contains(want), s.id() + ": " + s.error());
            }
        }
    }

    @Test
    void limitsAreCheckedFromTheHeaderAndTheImageIsDecodedOnce() throws IOException {
        byte[] bomb = PngBomb.png(20000, 20000);
        assertTrue(bomb.length < 100_000, "a bomb of " + bomb.length + " bytes");
        Images.Header h = Images.header(bomb, new MediaLimits(Long.MAX_VALUE, 1, Long.MAX_VALUE));
        assertEquals(20000, h.width());
        IOException e = assertThrows(IOException.class, () -> Images.decode(bomb, MediaLimits.DEFAULT));
        assertTrue(e.getMessage().contains("400000000 pixels, over the limit of 40000000"), e.getMessage());
        e = assertThrows(IOException.class, () -> Images.header(good.media().get(0), new MediaLimits(100, 1, 1_000_000)));
        assertTrue(e.getMessage().contains("declares 64 x 64 = 4096 pixels, over the limit of 100"), e.getMessage());
        e = assertThrows(IOException.class, () -> Images.header(good.media().get(0), new MediaLimits(10_000, 1, 10)));
        assertTrue(e.getMessage().contains("bytes exceed the limit of 10 (media.max_bytes)"), e.getMessage());
        assertEquals(64, Images.decode(good.media().get(0), MediaLimits.DEFAULT).getWidth());
        Row tooMany = new GenericRowWithSchema(variant("frames", SampleRows.MEDIA,
                seq(good.media().get(0), good.media().get(0))), SampleRows.SCHEMA);
        Sample s = SampleRows.decode(tooMany, new MediaLimits(10_000, 1, 1_000_000));
        assertEquals("record frames: field media: expected at most 1 images or frames (media.max_frames) but found 2", s.error());
    }
}
