package io.iwpspark.datasets.readers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SampleRows;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * LLaVA's evaluation question files whose answers are published apart (GQA testdev-balanced,
 * TextVQA val in LLaVA's eval data): the executors split the question file into lines and key each
 * line, one executor task reads the answer file into keyed entries, Spark joins them, and each line
 * is read with its image ({@link LlavaJsonlReader}: LLaVA's prompt suffix removed, TextVQA's OCR line
 * kept as metadata "ocr_tokens") and given its entry's id, answers and category. Every line is one
 * row: a line whose key finds no entry, or an entry that cannot be scored, is an error row naming
 * the line and the field. Lines sharing one entry (TextVQA asks some questions twice of one image)
 * get that entry's id followed by "#" and their line number, so ids stay unique.
 */
public final class LlavaAnswerFileReader implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType KEYED = LlavaJsonlReader.LINE.add("key", DataTypes.StringType, true)
            .add("key_problem", DataTypes.StringType, true);

    private final LlavaJsonlReader lines;
    private final AnswerFile answers;

    private LlavaAnswerFileReader(LlavaJsonlReader lines, AnswerFile answers) {
        this.lines = lines;
        this.answers = answers;
    }

    /** GQA: llava_gqa_testdev_balanced.jsonl with GQA's testdev_balanced_questions.json. */
    public static LlavaAnswerFileReader gqa(String benchmark, String split, String answerFileName) {
        return new LlavaAnswerFileReader(new LlavaJsonlReader(benchmark, split, AnswerType.SHORT_TEXT),
                new GqaAnswers(answerFileName));
    }

    /** TextVQA: llava_textvqa_val_v051_ocr.jsonl with TextVQA_0.5.1_val.json. */
    public static LlavaAnswerFileReader textVqa(String benchmark, String split, String answerFileName) {
        return new LlavaAnswerFileReader(new LlavaJsonlReader(benchmark, split, AnswerType.SHORT_TEXT),
                new TextVqaAnswers(answerFileName));
    }

    /** A reader that follows image paths out of the image folder ({@code ..}, absolute, symlinks). */
    public LlavaAnswerFileReader allowMediaOutsideFolder() {
        return new LlavaAnswerFileReader(lines.allowMediaOutsideFolder(), answers);
    }

    /**
     * The rows of {@code questionFile} with their answers from {@code answerFile}, spread over
     * {@code partitions}; both files and the image folder must be readable on every executor.
     */
    public Dataset<Row> read(SparkSession spark, String questionFile, String answerFile, String imageFolder, int partitions) {
        AnswerFile a = answers;
        FlatMapFunction<String, Row> split = f -> keyed(LlavaJsonlReader.lines(Path.of(f), ""), a).iterator();
        FlatMapFunction<String, Row> entries = f -> a.entries(Path.of(f)).iterator();
        Dataset<Row> q = spark.createDataset(List.of(questionFile), Encoders.STRING()).flatMap(split, Encoders.row(KEYED));
        Dataset<Row> e = spark.createDataset(List.of(answerFile), Encoders.STRING()).flatMap(entries, Encoders.row(AnswerFile.ENTRY));
        Dataset<Row> joined = q.join(e, q.col("key").equalTo(e.col("akey")), "left_outer")
                .withColumn("sharing", count(lit(1)).over(Window.partitionBy(col("key"))));
        MapFunction<Row, Row> translate = r -> SampleRows.toRow(sample(r, Path.of(imageFolder)));
        return joined.repartition(partitions).map(translate, Encoders.row(SampleRows.SCHEMA));
    }

    /**
     * Lines of {@link LlavaJsonlReader#LINE} with their key, or why they have none. A line that does
     * not decode or parse gets neither: reading it as a question line reports that.
     */
    private static List<Row> keyed(List<Row> lines, AnswerFile a) {
        List<Row> out = new ArrayList<>(lines.size());
        for (Row l : lines) {
            String key = null;
            String problem = null;
            if (l.isNullAt(3)) {
                try {
                    key = a.key(JSON.readTree(l.getString(2)));
                } catch (BadRecordException e) {
                    problem = e.getMessage();
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    key = null;
                }
            }
            out.add(RowFactory.create(l.get(0), l.get(1), l.get(2), l.get(3), l.get(4), key, problem));
        }
        return out;
    }

    Sample sample(Row r, Path imageFolder) {
        String file = r.getString(0);
        long n = r.getLong(1);
        Row line = RowFactory.create(file, n, r.getString(2), r.getString(3), r.getString(4));
        Sample s = lines.line(line, file, imageFolder);
        if (s.isError()) {
            return s;
        }
        if (!r.isNullAt(r.fieldIndex("key_problem"))) {
            return error(file, n, r.getString(r.fieldIndex("key_problem")));
        }
        if (r.isNullAt(r.fieldIndex("akey"))) {
            return error(file, n, "field question_id: expected an entry for " + answers.shown(r.getString(r.fieldIndex("key")))
                    + " in " + answers.fileName() + " but found none");
        }
        if (!r.isNullAt(r.fieldIndex("problem"))) {
            return error(file, n, r.getString(r.fieldIndex("problem")));
        }
        String id = r.getString(r.fieldIndex("aid"));
        if (r.getLong(r.fieldIndex("sharing")) > 1) {
            id = id + "#" + n;
        }
        Map<String, String> meta = new LinkedHashMap<>(s.metadata());
        meta.put("question_id", s.id());
        meta.putAll(r.getJavaMap(r.fieldIndex("ameta")));
        try {
            return new Sample(id, s.benchmark(), s.split(), r.getString(r.fieldIndex("acategory")), MediaKind.IMAGE, s.media(),
                    s.question(), List.of(), r.getList(r.fieldIndex("answers")), s.answerType(), meta, null);
        } catch (IllegalArgumentException e) {
            return error(file, n, e.getMessage());
        }
    }

    private Sample error(String file, long n, String reason) {
        return ErrorRows.of(lines.benchmark, lines.split, file, "line", n, reason);
    }
}
