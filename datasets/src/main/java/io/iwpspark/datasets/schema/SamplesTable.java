package io.iwpspark.datasets.schema;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Writes and reads the samples table as Parquet. */
public final class SamplesTable {
    private SamplesTable() {
    }

    /** A DataFrame of {@link SampleRows#SCHEMA} from samples held on the driver (small inputs, tests). */
    public static Dataset<Row> fromSamples(SparkSession spark, List<Sample> samples) {
        List<Row> rows = samples.stream().map(SampleRows::toRow).toList();
        return spark.createDataFrame(rows, SampleRows.SCHEMA);
    }

    /**
     * Writes {@code table} (checked against the schema first) to {@code path}, replacing it, through
     * {@link StagedWrite}: a killed write leaves no table (and no {@code _temporary}) at {@code path}.
     */
    public static void write(Dataset<Row> table, String path) {
        SampleRows.requireSchema(table.schema());
        StagedWrite.table(table.sparkSession(), path,
                staged -> table.select(columns()).write().mode(SaveMode.ErrorIfExists).parquet(staged));
    }

    /** Reads a samples table, failing at once when a column is missing or has another type. */
    public static Dataset<Row> read(SparkSession spark, String path) {
        Dataset<Row> df = spark.read().parquet(path);
        SampleRows.requireSchema(df.schema());
        return df.select(columns());
    }

    /** The table as {@link Sample}s, collected on the driver (small tables, tests). */
    public static List<Sample> collect(Dataset<Row> table) {
        return table.collectAsList().stream().map(SampleRows::fromRow).toList();
    }

    private static org.apache.spark.sql.Column[] columns() {
        String[] names = SampleRows.SCHEMA.fieldNames();
        org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[names.length];
        for (int i = 0; i < names.length; i++) {
            cols[i] = org.apache.spark.sql.functions.col(names[i]);
        }
        return cols;
    }
}
