package io.iwpspark.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.datasets.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** SEED-Bench, OCRBench and MMMU Parquet files with the lmms-lab column names and nesting, ok and bad rows. */
class LmmsLabAddedReadersTest {
    private static final DataType S = DataTypes.StringType;
    private static final StructType IMAGE = new StructType().add("bytes", DataTypes.BinaryType).add("path", S);
    private static final byte[] RED = Fixtures.png(0xFF0000);
    private static final byte[] BLUE = Fixtures.png(0x0000FF);
    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SharedSpark.start("lmms-lab-added-readers-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Row img(byte[] b) {
        return RowFactory.create(b, "x.png");
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> l) {
        return CollectionConverters.asScala(l).toSeq();
    }

    private static List<Sample> read(LmmsLabFormat f, String name, StructType schema, List<Row> rows) {
        String path = dir.resolve(name).toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
        List<Sample> out = new ArrayList<>(SamplesTable.collect(LmmsLabParquetReader.read(spark, f, path)));
        out.sort(Comparator.comparing((Sample s) -> s.meta("source")));
        return out;
    }

    @Test
    void seedBenchImageRowsAndBadRowsVideoRowsLeftOut() {
        StructType schema = new StructType().add("answer", S).add("choice_a", S).add("choice_b", S).add("choice_c", S)
                .add("choice_d", S).add("data_id", S).add("data_type", S).add("question", S).add("question_id", S)
                .add("question_type_id", DataTypes.LongType).add("image", DataTypes.createArrayType(IMAGE));
        List<Sample> s = read(LmmsLabFormat.SEEDBENCH, "seed", schema, List.of(
                RowFactory.create("B", "one", "two", "three", "four", "1454426_2591111986", "image", "How many towels?", "101669", 1L,
                        seq(List.of(img(RED)))),
                RowFactory.create("A", "a", "b", "c", "d", "v_1.mp4", "video", "What happens?", "1", 10L, seq(List.of(img(RED), img(BLUE)))),
                RowFactory.create("E", "a", "b", "c", "d", "x", "image", "Which?", "101670", 2L, seq(List.of(img(RED)))),
                RowFactory.create("A", "a", "b", "c", "d", "x", "image", "Which?", "101671", 2L, seq(List.<Row>of()))));
        assertEquals(3, s.size(), "the video row is another benchmark");
        Sample ok = s.get(0);
        assertEquals("101669", ok.id());
        assertEquals(List.of("one", "two", "three", "four"), ok.options());
        assertEquals(List.of("B"), ok.answers());
        assertEquals("image", ok.category());
        assertEquals("1", ok.meta("question_type_id"));
        assertArrayEquals(RED, ok.media().get(0));
        assertTrue(s.get(1).error().endsWith("row 2: field answer: expected an option letter in [A, B, C, D] but found \"E\""), s.get(1).error());
        assertTrue(s.get(2).error().contains("field image: expected a list of images but it is missing or empty"), s.get(2).error());
    }

    @Test
    void ocrBenchAnswerListsAndBadRows() {
        StructType schema = new StructType().add("dataset", S).add("question", S).add("question_type", S)
                .add("answer", DataTypes.createArrayType(S)).add("image", IMAGE);
        List<Sample> s = read(LmmsLabFormat.OCRBENCH, "ocr", schema, List.of(
                RowFactory.create("HME100k", "Please write out the expression of the formula in the image using LaTeX format.",
                        "Handwritten Mathematical Expression Recognition", seq(List.of("x ^ { 2 }")), img(RED)),
                RowFactory.create("IIIT5K", "what is written in the image?", "Regular Text Recognition", seq(List.of("HELLO", "hello")), img(RED)),
                RowFactory.create("IIIT5K", "what is written in the image?", "Text Recognition", seq(List.of("x")), img(RED)),
                RowFactory.create("IIIT5K", "what is written in the image?", "Regular Text Recognition", seq(List.of("x")),
                        img(Fixtures.truncatedPng()))));
        assertEquals(4, s.size());
        assertEquals("HME100k", s.get(0).meta("dataset"));
        assertEquals(AnswerType.SHORT_TEXT, s.get(0).answerType());
        assertEquals(s.get(0).meta("source"), s.get(0).id(), "no id column: file:row");
        assertEquals(List.of("HELLO", "hello"), s.get(1).answers());
        assertEquals("Regular Text Recognition", s.get(1).category());
        assertTrue(s.get(2).error().contains("field question_type: expected one of OCRBench's ten types but found \"Text Recognition\""),
                s.get(2).error());
        assertTrue(s.get(3).error().contains("field image.bytes"), s.get(3).error());
    }

    @Test
    void mmmuChoiceAndOpenQuestionsWithTheirImages() {
        StructType schema = new StructType().add("id", S).add("question", S).add("options", S).add("explanation", S)
                .add("image_1", IMAGE).add("image_2", IMAGE).add("img_type", S).add("answer", S).add("topic_difficulty", S)
                .add("question_type", S).add("subfield", S);
        List<Sample> s = read(LmmsLabFormat.MMMU, "mmmu", schema, List.of(
                RowFactory.create("validation_Art_Theory_3", "<image 1> Which painter? Compare <image 2>.",
                        "['Monet', \"O'Keeffe\", 'Klee\\\\n']", "", img(RED), img(BLUE), "['Paintings']", "B", "Easy",
                        "multiple-choice", "Art History"),
                RowFactory.create("validation_Math_12", "What is x in <image 1>?", "[]", "", img(RED), null, "['Diagrams']", "2.5",
                        "Hard", "open", "Algebra"),
                RowFactory.create("validation_Math_13", "What is y in <image 2>?", "[]", "", img(RED), null, "['Diagrams']", "3",
                        "Hard", "open", "Algebra"),
                RowFactory.create("validation_Math_14", "Which <image 1>?", "['a', 'b'", "", img(RED), null, "['Diagrams']", "A",
                        "Hard", "multiple-choice", "Algebra"),
                RowFactory.create("validation_Math_15", "Which <image 1>?", "['a', 'b']", "", img(RED), null, "['Diagrams']", "C",
                        "Hard", "multiple-choice", "Algebra")));
        assertEquals(5, s.size());
        Sample mc = s.get(0);
        assertEquals("Art_Theory", mc.category());
        assertEquals(List.of("Monet", "O'Keeffe", "Klee\\n"), mc.options());
        assertEquals(AnswerType.MULTIPLE_CHOICE, mc.answerType());
        assertEquals(2, mc.media().size());
        assertArrayEquals(BLUE, mc.media().get(1));
        Sample open = s.get(1);
        assertEquals("Math", open.category());
        assertEquals(AnswerType.SHORT_TEXT, open.answerType());
        assertEquals(List.of("2.5"), open.answers());
        assertEquals(List.of(), open.options());
        assertTrue(s.get(2).error().contains("field image_2: expected an image but it is missing"), s.get(2).error());
        assertTrue(s.get(3).error().contains("field options: expected ',' or ']'"), s.get(3).error());
        assertTrue(s.get(4).error().contains("field answer: expected an option letter in [A, B] but found \"C\""), s.get(4).error());
    }
}
