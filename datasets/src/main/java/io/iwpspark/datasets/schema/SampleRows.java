package io.iwpspark.datasets.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark schema of the samples table and the conversion between {@link Sample} and {@link Row}.
 * Types are kept plain (string, binary, array, map) so pyarrow reads the Parquet as is.
 */
public final class SampleRows {
    public static final String ID = "id";
    public static final String BENCHMARK = "benchmark";
    public static final String SPLIT = "split";
    public static final String CATEGORY = "category";
    public static final String MEDIA_KIND = "media_kind";
    public static final String MEDIA = "media";
    public static final String QUESTION = "question";
    public static final String OPTIONS = "options";
    public static final String ANSWERS = "answers";
    public static final String ANSWER_TYPE = "answer_type";
    public static final String METADATA = "metadata";
    public static final String ERROR = "error";
    /**
     * What a null or blank {@code id} (and {@code benchmark}, {@code split}: {@link #NULL_NAME}) reads
     * as, so the record's error rows have a key the sweep can resume on; see {@link #withStandInKeys}.
     */
    public static final String NULL_ID = "(null id)";
    public static final String NULL_NAME = "(null)";

    /** Column order of the table; {@link #toRow} writes in this order. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(ID, DataTypes.StringType, false),
        DataTypes.createStructField(BENCHMARK, DataTypes.StringType, false),
        DataTypes.createStructField(SPLIT, DataTypes.StringType, false),
        DataTypes.createStructField(CATEGORY, DataTypes.StringType, false),
        DataTypes.createStructField(MEDIA_KIND, DataTypes.StringType, false),
        DataTypes.createStructField(MEDIA, DataTypes.createArrayType(DataTypes.BinaryType, false), false),
        DataTypes.createStructField(QUESTION, DataTypes.StringType, false),
        DataTypes.createStructField(OPTIONS, DataTypes.createArrayType(DataTypes.StringType, false), false),
        DataTypes.createStructField(ANSWERS, DataTypes.createArrayType(DataTypes.StringType, false), false),
        DataTypes.createStructField(ANSWER_TYPE, DataTypes.StringType, false),
        DataTypes.createStructField(METADATA,
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false),
        DataTypes.createStructField(ERROR, DataTypes.StringType, true),
    });

    private SampleRows() {
    }

    public static Row toRow(Sample s) {
        return RowFactory.create(s.id(), s.benchmark(), s.split(), s.category(), s.mediaKind().name(),
                seq(s.media()), s.question(), seq(s.options()), seq(s.answers()), s.answerType().name(),
                CollectionConverters.asScala(s.metadata()), s.error());
    }

    /**
     * Reads a row of {@link #SCHEMA} (by column name, so extra or reordered columns are fine), guarded
     * and with {@link MediaLimits#DEFAULT}: see {@link #decode}.
     */
    public static Sample fromRow(Row r) {
        return decode(r, MediaLimits.DEFAULT);
    }

    /**
     * Reads a row of {@link #SCHEMA}; never throws for a malformed record. A null where the schema has
     * a non-nullable column (or array element, or map value), an unknown media kind or answer type, an
     * image or video without media, or media over {@code limits} (checked from each header, nothing
     * decoded) gives an error sample whose reason names the record id, the field and what was expected.
     */
    public static Sample decode(Row r, MediaLimits limits) {
        return RowDecoder.decode(r, limits);
    }

    /**
     * {@code table} with a null or blank id, benchmark or split replaced by {@link #NULL_ID} /
     * {@link #NULL_NAME}: such a record still decodes to an error row, and that row's key matches the
     * table's, so a resumed sweep sees it as done instead of appending it again.
     */
    public static org.apache.spark.sql.Dataset<Row> withStandInKeys(org.apache.spark.sql.Dataset<Row> table) {
        for (String[] c : new String[][] {{ID, NULL_ID}, {BENCHMARK, NULL_NAME}, {SPLIT, NULL_NAME}}) {
            org.apache.spark.sql.Column v = org.apache.spark.sql.functions.col(c[0]);
            table = table.withColumn(c[0], org.apache.spark.sql.functions.when(
                    v.isNull().or(org.apache.spark.sql.functions.trim(v).equalTo("")),
                    org.apache.spark.sql.functions.lit(c[1])).otherwise(v));
        }
        return table;
    }

    /**
     * Fails before any data moves when {@code schema} lacks a column of {@link #SCHEMA} or has it
     * with another type. Nullability is not compared here (Parquet readers report every column as
     * nullable); it is honoured per record by {@link #decode}, which turns a null in a non-nullable
     * column into an error row.
     */
    public static void requireSchema(StructType schema) {
        for (StructField f : SCHEMA.fields()) {
            scala.Option<Object> at = schema.getFieldIndex(f.name());
            if (at.isEmpty()) {
                throw new IllegalArgumentException("samples table: column \"" + f.name()
                        + "\" is missing; found columns " + java.util.Arrays.toString(schema.fieldNames()));
            }
            StructField found = schema.fields()[(Integer) at.get()];
            if (!found.dataType().sameType(f.dataType())) {
                throw new IllegalArgumentException("samples table: column \"" + f.name() + "\" expected type "
                        + f.dataType().simpleString() + " but found " + found.dataType().simpleString());
            }
        }
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
        return CollectionConverters.asScala(list).toSeq();
    }
}
