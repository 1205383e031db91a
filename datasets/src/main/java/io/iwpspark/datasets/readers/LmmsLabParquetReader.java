package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.SampleRows;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Reads lmms-lab Parquet exports (images as structs {bytes, path}) into the samples table, inside
 * the executors. Every input row gives one output row: a sample, or an error row naming the file,
 * the row (Parquet row index within the file) and the field.
 */
public final class LmmsLabParquetReader {
    private static final String SRC_FILE = "_src_file";
    private static final String SRC_ROW = "_src_row";

    private LmmsLabParquetReader() {
    }

    /** @param paths Parquet files or folders (the shards of one split), read by Spark on the executors */
    public static Dataset<Row> read(SparkSession spark, LmmsLabFormat format, String... paths) {
        if (format == LmmsLabFormat.GQA) {
            throw new IllegalArgumentException("format GQA: its images are a separate table; use readGqa");
        }
        return translate(withSource(spark.read().parquet(paths), format), format);
    }

    /**
     * GQA: the testdev_balanced_instructions table (id, imageId, question, answer, ...) joined with
     * the testdev_balanced_images table (id, image) on imageId, one row of a repeated id; a
     * question whose image is absent becomes an error row.
     */
    public static Dataset<Row> readGqa(SparkSession spark, String instructionsPath, String imagesPath) {
        Dataset<Row> q = withSource(spark.read().parquet(instructionsPath), LmmsLabFormat.GQA);
        if (q.schema().getFieldIndex("image").isDefined()) {
            q = q.drop("image");
        }
        Dataset<Row> images = spark.read().parquet(imagesPath);
        for (String c : new String[] {"id", "image"}) {
            if (images.schema().getFieldIndex(c).isEmpty()) {
                throw new IllegalArgumentException(imagesPath + ": expected a column \"" + c + "\" but found "
                        + Arrays.toString(images.schema().fieldNames()));
            }
        }
        // The published images table repeats some ids; one row per id keeps one row per question.
        images = images.select(functions.col("id").as("_image_id"), functions.col("image")).dropDuplicates("_image_id");
        Dataset<Row> joined = q.join(images, q.col("imageId").equalTo(images.col("_image_id")), "left").drop("_image_id");
        return translate(joined, LmmsLabFormat.GQA);
    }

    private static Dataset<Row> withSource(Dataset<Row> df, LmmsLabFormat format) {
        StructType schema = df.schema();
        for (String c : format.requiredColumns) {
            if (schema.getFieldIndex(c).isEmpty()) {
                throw new IllegalArgumentException(format + " Parquet: expected a column \"" + c + "\" but found "
                        + Arrays.toString(schema.fieldNames()));
            }
        }
        Dataset<Row> out = df.withColumn(SRC_FILE, functions.col("_metadata.file_name"))
                .withColumn(SRC_ROW, functions.col("_metadata.row_index"));
        return format.keep == null ? out : out.filter(format.keep);
    }

    private static Dataset<Row> translate(Dataset<Row> df, LmmsLabFormat format) {
        MapPartitionsFunction<Row, Row> f = rows -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                String file = r.getString(r.fieldIndex(SRC_FILE));
                long row = r.getLong(r.fieldIndex(SRC_ROW));
                try {
                    return SampleRows.toRow(format.translator.apply(r, file + ":" + row));
                } catch (BadRecordException e) {
                    return SampleRows.toRow(ErrorRows.of(format.benchmark, format.split, file, "row", row, e.getMessage()));
                } catch (IllegalArgumentException e) { // the Sample's own checks, e.g. a blank id
                    return SampleRows.toRow(ErrorRows.of(format.benchmark, format.split, file, "row", row, e.getMessage()));
                }
            }
        };
        return df.mapPartitions(f, Encoders.row(SampleRows.SCHEMA));
    }
}
