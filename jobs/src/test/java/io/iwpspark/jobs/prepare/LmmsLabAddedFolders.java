package io.iwpspark.jobs.prepare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * lmms-lab benchmark folders as {@code huggingface-cli download --repo-type dataset} leaves them, with
 * the hub's column names and shard names, each with ok and bad records; the counts in each Javadoc are
 * the records written. Layouts: lmms-lab/MME {@code data/test-*.parquet}; lmms-lab/MMMU
 * {@code data/{dev,validation,test}-NNNNN-of-NNNNN.parquet}; lmms-lab/SEED-Bench {@code data/test-*.parquet}
 * (image and video rows in one table); echo840/OCRBench (lmms-eval's dataset_path for ocrbench)
 * {@code data/test-00000-of-00001.parquet}, no id column.
 */
public final class LmmsLabAddedFolders {
    private static final DataType S = DataTypes.StringType;
    private static final StructType IMAGE = BenchmarkFolders.IMAGE;

    private LmmsLabAddedFolders() {}

    private static Row img(int rgb) {
        return RowFactory.create(BenchmarkFolders.png(rgb), "x.png");
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> l) {
        return CollectionConverters.asScala(l).toSeq();
    }

    /** lmms-lab/MME: question_id is the image path (two questions each): 6 records = 5 ok + 1 error (answer "maybe"). */
    public static void mme(SparkSession spark, Path root) throws IOException {
        StructType schema = new StructType().add("question_id", S).add("image", IMAGE).add("question", S).add("answer", S)
                .add("category", S);
        String q = " Please answer yes or no.";
        BenchmarkFolders.parquetFile(spark, schema, List.of(
                RowFactory.create("existence/1.png", img(0x3366cc), "Is there a square in the image?" + q, "Yes", "existence"),
                RowFactory.create("existence/1.png", img(0x3366cc), "Is there a circle in the image?" + q, "No", "existence"),
                RowFactory.create("color/2.png", img(0xcc0000), "Is the square red?" + q, "Yes", "color")),
                root.resolve("data/test-00000-of-00002.parquet"));
        BenchmarkFolders.parquetFile(spark, schema, List.of(
                RowFactory.create("color/2.png", img(0xcc0000), "Is the square blue?" + q, "No", "color"),
                RowFactory.create("count/3.png", img(0x00cc00), "Is there one square?" + q, "Yes", "count"),
                RowFactory.create("count/3.png", img(0x00cc00), "Are there two squares?" + q, "maybe", "count")),
                root.resolve("data/test-00001-of-00002.parquet"));
    }

    /**
     * lmms-lab/MMMU: the validation shard read, dev and test beside it not: 4 records = 2 ok + 2 error
     * (an open question naming an image it lacks, an answer letter outside the options).
     */
    public static void mmmu(SparkSession spark, Path root) throws IOException {
        StructType schema = new StructType().add("id", S).add("question", S).add("options", S).add("explanation", S)
                .add("image_1", IMAGE).add("image_2", IMAGE).add("img_type", S).add("answer", S).add("topic_difficulty", S)
                .add("question_type", S).add("subfield", S);
        List<Row> validation = List.of(
                RowFactory.create("validation_Art_Theory_1", "<image 1> Which colour is the square?", "['red', 'blue', 'green']", "",
                        img(0x0000ff), null, "['Paintings']", "B", "Easy", "multiple-choice", "Art History"),
                RowFactory.create("validation_Math_2", "How many squares are in <image 1>?", "[]", "", img(0x3366cc), null,
                        "['Diagrams']", "1", "Hard", "open", "Algebra"),
                RowFactory.create("validation_Math_3", "What is y in <image 2>?", "[]", "", img(0x3366cc), null, "['Diagrams']",
                        "3", "Hard", "open", "Algebra"),
                RowFactory.create("validation_Math_4", "Which <image 1>?", "['a', 'b']", "", img(0x3366cc), null, "['Diagrams']",
                        "C", "Hard", "multiple-choice", "Algebra"));
        BenchmarkFolders.parquetFile(spark, schema, validation, root.resolve("data/validation-00000-of-00001.parquet"));
        BenchmarkFolders.parquetFile(spark, schema, List.of(RowFactory.create("dev_Art_1", "<image 1> Dev?", "['a', 'b']", "",
                img(0x3366cc), null, "['x']", "A", "Easy", "multiple-choice", "Art")), root.resolve("data/dev-00000-of-00001.parquet"));
        BenchmarkFolders.parquetFile(spark, schema, List.of(RowFactory.create("test_Art_1", "<image 1> Test?", "['a', 'b']", "",
                img(0x3366cc), null, "['x']", "?", "Easy", "multiple-choice", "Art")), root.resolve("data/test-00000-of-00007.parquet"));
    }

    /**
     * lmms-lab/SEED-Bench: image rows (a list of one image) and video rows (frames) in one table:
     * 4 image records = 3 ok + 1 error (answer "E"); the video row is another benchmark and not read.
     */
    public static void seedBench(SparkSession spark, Path root) throws IOException {
        StructType schema = new StructType().add("answer", S).add("choice_a", S).add("choice_b", S).add("choice_c", S)
                .add("choice_d", S).add("data_id", S).add("data_type", S).add("question", S).add("question_id", S)
                .add("question_type_id", DataTypes.LongType).add("image", DataTypes.createArrayType(IMAGE));
        BenchmarkFolders.parquetFile(spark, schema, List.of(
                RowFactory.create("B", "red", "blue", "green", "grey", "1454426_2591111986", "image", "Which colour is the square?",
                        "101669", 1L, seq(List.of(img(0x0000ff)))),
                RowFactory.create("A", "one", "two", "three", "four", "1454427_1", "image", "How many squares?", "101670", 2L,
                        seq(List.of(img(0x3366cc))))),
                root.resolve("data/test-00000-of-00002.parquet"));
        BenchmarkFolders.parquetFile(spark, schema, List.of(
                RowFactory.create("C", "a", "b", "c", "d", "1454428_1", "image", "Where is the square?", "101671", 3L,
                        seq(List.of(img(0x00cc00)))),
                RowFactory.create("E", "a", "b", "c", "d", "1454429_1", "image", "Which?", "101672", 3L, seq(List.of(img(0x00cc00)))),
                RowFactory.create("A", "a", "b", "c", "d", "v_1.mp4", "video", "What happens?", "1", 10L,
                        seq(List.of(img(0xcc0000), img(0x0000cc))))),
                root.resolve("data/test-00001-of-00002.parquet"));
    }

    /** echo840/OCRBench: 3 records = 2 ok + 1 error (a question_type outside OCRBench's ten). */
    public static void ocrBench(SparkSession spark, Path root) throws IOException {
        StructType schema = new StructType().add("dataset", S).add("question", S).add("question_type", S)
                .add("answer", DataTypes.createArrayType(S)).add("image", IMAGE);
        BenchmarkFolders.parquetFile(spark, schema, List.of(
                RowFactory.create("IIIT5K", "what is written in the image?", "Regular Text Recognition", seq(List.of("CHAIN")),
                        img(0xffffff)),
                RowFactory.create("HME100k", "Please write out the expression of the formula in the image using LaTeX format.",
                        "Handwritten Mathematical Expression Recognition", seq(List.of("x ^ { 2 }")), img(0xffffff)),
                RowFactory.create("IIIT5K", "what is written in the image?", "Text Recognition", seq(List.of("x")), img(0xffffff))),
                root.resolve("data/test-00000-of-00001.parquet"));
    }
}
