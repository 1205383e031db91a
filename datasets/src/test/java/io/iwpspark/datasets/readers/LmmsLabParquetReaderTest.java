package io.iwpspark.datasets.readers;

import static io.iwpspark.datasets.readers.TextReadersTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.datasets.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** Parquet files with the column names and nesting of the lmms-lab exports, written by the test. */
class LmmsLabParquetReaderTest {
    private static final DataType S = DataTypes.StringType;
    private static final DataType L = DataTypes.LongType;
    /** Hugging Face datasets' Image feature in Parquet. */
    private static final StructType IMAGE = struct("bytes", DataTypes.BinaryType, "path", S);
    private static SparkSession spark;
    private static final byte[] RED = Fixtures.png(0xFF0000);

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SharedSpark.start("lmms-lab-reader-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static StructType struct(Object... nameType) {
        List<StructField> f = new ArrayList<>();
        for (int i = 0; i < nameType.length; i += 2) {
            f.add(DataTypes.createStructField((String) nameType[i], (DataType) nameType[i + 1], true));
        }
        return DataTypes.createStructType(f);
    }

    private static Row img(byte[] b) {
        return RowFactory.create(b, "x.png");
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> l) {
        return CollectionConverters.asScala(l).toSeq();
    }

    private static String write(String name, StructType schema, List<Row> rows) {
        String path = dir.resolve(name).toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
        return path;
    }

    private static List<Sample> sorted(Dataset<Row> table) {
        List<Sample> out = new ArrayList<>(SamplesTable.collect(table));
        out.sort(Comparator.comparing((Sample s) -> s.meta("source")));
        return out;
    }

    @Test
    void popeRowsAndBadRows() {
        StructType schema = struct("id", S, "question_id", S, "question", S, "answer", S, "image_source", S,
                "image", IMAGE, "category", S);
        String path = write("pope", schema, List.of(
                RowFactory.create("0", "1", "Is there a snowboard in the image?", "yes", "COCO_val2014_000000310196", img(RED), "adversarial"),
                RowFactory.create("1", "2", "Is there a car in the image?", "no", "COCO_val2014_000000310196", img(Fixtures.truncatedPng()), "adversarial"),
                RowFactory.create("2", "3", null, "no", "COCO_val2014_000000310196", img(RED), "random"),
                RowFactory.create("3", "4", "Is there a bus?", "perhaps", "COCO_val2014_000000310196", img(RED), "popular")));
        List<Sample> rows = sorted(LmmsLabParquetReader.read(spark, LmmsLabFormat.POPE, path));
        assertEquals(4, rows.size(), "4 input rows = ok rows + error rows");
        Sample ok = rows.get(0);
        assertEquals("1", ok.id());
        assertEquals("adversarial", ok.category());
        assertEquals(List.of("yes"), ok.answers());
        assertArrayEquals(RED, ok.media().get(0));
        String file = rows.get(1).meta("source").replaceAll(":\\d+$", "");
        assertTrue(file.endsWith(".parquet"), file);
        assertError(rows.get(1), file + " row 1: field image.bytes: corrupt image");
        assertError(rows.get(2), file + " row 2: field question: expected a value but it is missing");
        assertError(rows.get(3), file + " row 3: field answer: expected yes or no but found \"perhaps\"");
    }

    @Test
    void mmeVqaV2AndTextVqaNesting() {
        String mme = write("mme", struct("question_id", S, "image", IMAGE, "question", S, "answer", S, "category", S), List.of(
                RowFactory.create("code_reasoning/0020.png", img(RED), "Is the output 'Hello'? Please answer yes or no.", "Yes", "code_reasoning"),
                RowFactory.create("code_reasoning/0020.png", img(RED), "Is the output 'World'? Please answer yes or no.", "No", "code_reasoning")));
        List<Sample> m = sorted(LmmsLabParquetReader.read(spark, LmmsLabFormat.MME, mme));
        assertEquals("code_reasoning/0020.png#yes", m.get(0).id());
        assertEquals("code_reasoning/0020.png", m.get(1).meta("image_id"), "both questions share the image group");

        StructType answer = struct("answer", S, "answer_confidence", S, "answer_id", L);
        StructType vqa = struct("question_type", S, "multiple_choice_answer", S, "answers", DataTypes.createArrayType(answer),
                "image_id", L, "answer_type", S, "question_id", L, "question", S, "image", IMAGE);
        List<Row> answers = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            answers.add(RowFactory.create(i <= 7 ? "2" : "two", "yes", i));
        }
        String v = write("vqav2", vqa, List.of(
                RowFactory.create("how many", "2", seq(answers), 262148L, "number", 262148000L, "How many dogs?", img(RED))));
        Sample vs = SamplesTable.collect(LmmsLabParquetReader.read(spark, LmmsLabFormat.VQAV2, v)).get(0);
        assertEquals("262148000", vs.id());
        assertEquals(10, vs.answers().size());
        assertEquals("two", vs.answers().get(9));
        assertEquals("number", vs.category());

        StructType tv = struct("image_id", S, "question_id", L, "question", S, "question_tokens", DataTypes.createArrayType(S),
                "image", IMAGE, "image_width", L, "image_height", L, "answers", DataTypes.createArrayType(S),
                "ocr_tokens", DataTypes.createArrayType(S), "set_name", S);
        String t = write("textvqa", tv, List.of(RowFactory.create("003a8ae2ef43b901", 34602L, "what is the brand of this camera?",
                seq(List.of("what", "is")), img(RED), 16L, 12L, seq(List.of("dakota", "dakota digital")),
                seq(List.of("DAKOTA", "DIGITAL")), "val")));
        Sample ts = SamplesTable.collect(LmmsLabParquetReader.read(spark, LmmsLabFormat.TEXTVQA, t)).get(0);
        assertEquals("DAKOTA, DIGITAL", ts.meta("ocr_tokens"));
        assertEquals(List.of("dakota", "dakota digital"), ts.answers());
    }

    @Test
    void scienceQaAndMmbenchOptionsAndBadAnswers() {
        StructType sqa = struct("image", IMAGE, "question", S, "choices", DataTypes.createArrayType(S), "answer", DataTypes.ByteType,
                "hint", S, "task", S, "grade", S, "subject", S, "topic", S, "category", S, "skill", S, "lecture", S, "solution", S);
        String p = write("sqa", sqa, List.of(
                RowFactory.create(img(RED), "Which is a mammal?", seq(List.of("frog", "whale")), (byte) 1, "Select the best answer.",
                        "closed choice", "grade3", "natural science", "biology", "Classify", "skill", "", ""),
                RowFactory.create(img(RED), "Which is a bird?", seq(List.of("frog", "owl")), (byte) 2, "", "closed choice",
                        "grade3", "natural science", "biology", "Classify", "skill", "", "")));
        List<Sample> s = sorted(LmmsLabParquetReader.read(spark, LmmsLabFormat.SCIENCEQA_IMG, p));
        assertEquals(List.of("B"), s.get(0).answers());
        assertEquals("Select the best answer.", s.get(0).meta("hint"));
        assertTrue(s.get(1).error().contains("field answer: expected an option index in 0..1 but found 2"), s.get(1).error());

        StructType mmb = struct("index", L, "question", S, "hint", S, "answer", S, "A", S, "B", S, "C", S, "D", S,
                "category", S, "image", IMAGE, "source", S, "L2-category", S, "comment", S, "split", S);
        String q = write("mmbench", mmb, List.of(
                RowFactory.create(241L, "Which animal?", "nan", "B", "cat", "dog", "bird", "nan", "attribute_recognition",
                        img(RED), "reasoning", "finegrained_perception", "nan", "dev"),
                RowFactory.create(242L, "Which color?", null, "D", "red", "blue", "nan", "nan", "color", img(RED), "x", "y", "nan", "dev")));
        List<Sample> b = sorted(LmmsLabParquetReader.read(spark, LmmsLabFormat.MMBENCH, q));
        assertEquals(List.of("cat", "dog", "bird"), b.get(0).options());
        assertEquals("", b.get(0).meta("hint"), "pandas' nan is no hint");
        assertEquals("241", b.get(0).meta("circular_group"));
        assertTrue(b.get(1).error().endsWith("row 1: field answer: expected an option letter in [A, B] but found \"D\""),
                b.get(1).error());
    }

    @Test
    void gqaJoinsInstructionsWithImages() {
        StructType instr = struct("id", S, "imageId", S, "question", S, "answer", S, "fullAnswer", S, "isBalanced", DataTypes.BooleanType,
                "groups", struct("global", S, "local", S), "types", struct("structural", S, "semantic", S, "detailed", S));
        String q = write("gqa_q", instr, List.of(
                RowFactory.create("201307251", "n161313", "Is it overcast?", "no", "No, it is clear.", true,
                        RowFactory.create(null, "06-overcast"), RowFactory.create("verify", "global", "verifyWeather")),
                RowFactory.create("201640614", "n999999", "Who wears the hat?", "man", "The man wears the hat.", true,
                        RowFactory.create(null, null), RowFactory.create("query", "rel", "relS"))));
        String i = write("gqa_i", struct("id", S, "image", IMAGE), List.<Row>of(RowFactory.create("n161313", img(RED))));
        List<Sample> g = sorted(LmmsLabParquetReader.readGqa(spark, q, i));
        assertEquals(2, g.size());
        assertEquals("verify", g.get(0).category());
        assertEquals(List.of("no"), g.get(0).answers());
        assertArrayEquals(RED, g.get(0).media().get(0));
        assertTrue(g.get(1).error().contains("field imageId: expected an image with id \"n999999\""), g.get(1).error());
    }

    @Test
    void aMissingColumnFailsBeforeDataMoves() {
        String p = write("nocat", struct("question_id", S, "question", S, "answer", S, "image", IMAGE),
                List.<Row>of(RowFactory.create("1", "q", "yes", img(RED))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LmmsLabParquetReader.read(spark, LmmsLabFormat.POPE, p));
        assertTrue(e.getMessage().contains("expected a column \"category\""), e.getMessage());
    }
}
