package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import org.apache.spark.sql.Row;

/** The lmms-lab Parquet exports this reader knows: benchmark name, split, columns, translation. */
public enum LmmsLabFormat {
    POPE("pope", "test", AnswerType.YES_NO, List.of("question_id", "question", "answer", "image", "category"), LmmsLabRows::pope),
    MME("mme", "test", AnswerType.YES_NO, List.of("question_id", "question", "answer", "image", "category"), LmmsLabRows::mme),
    GQA("gqa", "testdev_balanced", AnswerType.SHORT_TEXT, List.of("id", "imageId", "question", "answer"), LmmsLabRows::gqa),
    VQAV2("vqav2", "val", AnswerType.SHORT_TEXT, List.of("question_id", "question", "image"), LmmsLabRows::vqav2),
    TEXTVQA("textvqa", "validation", AnswerType.SHORT_TEXT, List.of("question_id", "question", "image"), LmmsLabRows::textvqa),
    SCIENCEQA_IMG("scienceqa_img", "test", AnswerType.MULTIPLE_CHOICE, List.of("question", "choices", "answer", "image"),
            LmmsLabRows::scienceQa),
    MMBENCH("mmbench_en", "dev", AnswerType.MULTIPLE_CHOICE, List.of("index", "question", "answer", "image", "A", "B"),
            LmmsLabRows::mmbench),
    /** SEED-Bench's video rows (data_type "video") are another benchmark: left out before translation. */
    SEEDBENCH("seedbench", "test", AnswerType.MULTIPLE_CHOICE, List.of("question_id", "question", "answer", "image",
            "choice_a", "choice_b", "choice_c", "choice_d", "data_type"), LmmsLabAddedRows::seedBench,
            "data_type IS NULL OR data_type <> 'video'"),
    OCRBENCH("ocrbench", "test", AnswerType.SHORT_TEXT, List.of("question", "answer", "image", "dataset", "question_type"),
            LmmsLabAddedRows::ocrBench),
    MMMU("mmmu", "validation", AnswerType.MULTIPLE_CHOICE, List.of("id", "question", "options", "answer", "question_type",
            "image_1"), LmmsLabAddedRows::mmmu);

    /** Translates one row; the source names file and row for error messages. */
    @FunctionalInterface
    interface Translator extends java.io.Serializable {
        Sample apply(Row row, String source) throws BadRecordException;
    }

    public final String benchmark;
    public final String split;
    public final AnswerType answerType;
    /** Columns without which no row can be read: checked on the schema before data moves. */
    public final List<String> requiredColumns;
    final Translator translator;
    /** Spark SQL condition on the rows that belong to the benchmark; null: all rows. */
    final String keep;

    LmmsLabFormat(String benchmark, String split, AnswerType answerType, List<String> requiredColumns, Translator t) {
        this(benchmark, split, answerType, requiredColumns, t, null);
    }

    LmmsLabFormat(String benchmark, String split, AnswerType answerType, List<String> requiredColumns, Translator t,
                  String keep) {
        this.keep = keep;
        this.benchmark = benchmark;
        this.split = split;
        this.answerType = answerType;
        this.requiredColumns = requiredColumns;
        this.translator = t;
    }
}
