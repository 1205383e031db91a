package io.iwpspark.datasets.readers;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A benchmark's answers kept apart from LLaVA's question file (GQA's questions JSON, TextVQA's
 * annotation JSON): how a question line finds its entry (the join key) and the entries of the file.
 * The file is read whole by one executor task; an entry seen twice under one key keeps the later,
 * as Python's dict that the official scripts build does.
 */
interface AnswerFile extends Serializable {
    /**
     * One entry: join key, sample id, answers, category, metadata to add, and the reason it cannot be
     * used (null when it can), which becomes the error row of every question line that finds it.
     */
    StructType ENTRY = new StructType().add("akey", DataTypes.StringType, false).add("aid", DataTypes.StringType, true)
            .add("answers", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("acategory", DataTypes.StringType, true)
            .add("ameta", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add("problem", DataTypes.StringType, true);

    /** The file's name as the benchmark publishes it, for messages. */
    String fileName();

    /** The join key of a question line; a line that has none is a bad record naming the field. */
    String key(JsonNode line) throws BadRecordException;

    /** How an error row names a key that has no entry (GQA: the question id; TextVQA: image and question). */
    String shown(String key);

    /** The entries of the file, one per key. */
    List<Row> entries(Path file) throws IOException;

    static Row entry(String key, String id, List<String> answers, String category, Map<String, String> meta) {
        return RowFactory.create(key, id, scala.jdk.javaapi.CollectionConverters.asScala(answers).toSeq(), category,
                scala.jdk.javaapi.CollectionConverters.asScala(meta), null);
    }

    static Row problem(String key, String entryName, String reason) {
        return RowFactory.create(key, null, null, null, null, entryName + ": " + reason);
    }
}
