package io.iwpspark.jobs.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** Builds one row of a schema by column name, so the column order lives in the schema alone. */
public final class NamedRow {
    private final StructType schema;
    private final Map<String, Object> values = new HashMap<>();

    public NamedRow(StructType schema) {
        this.schema = schema;
    }

    public NamedRow set(String column, Object value) {
        if (schema.getFieldIndex(column).isEmpty()) {
            throw new IllegalArgumentException("the table has no column " + column);
        }
        values.put(column, value);
        return this;
    }

    public Object get(String column) {
        return values.get(column);
    }

    /** A map column, as Spark rows need it (a Scala map). */
    public NamedRow setMap(String column, Map<String, String> map) {
        return set(column, map == null ? null : CollectionConverters.asScala(map));
    }

    /** An array column, as Spark rows need it (a Scala Seq). */
    public NamedRow setInts(String column, int[] ints) {
        List<Integer> list = java.util.Arrays.stream(ints).boxed().toList();
        return set(column, CollectionConverters.asScala(list).toSeq());
    }

    public Row build() {
        String[] names = schema.fieldNames();
        Object[] row = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            row[i] = values.get(names[i]);
        }
        return RowFactory.create(row);
    }
}
