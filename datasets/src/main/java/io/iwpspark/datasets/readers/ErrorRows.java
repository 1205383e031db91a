package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.Sample;
import java.util.Map;

/** Error rows: id "file:line", reason "file line N: ...", metadata "source" = "file:line". */
public final class ErrorRows {
    private ErrorRows() {
    }

    /** @param unit "line" for text files, "row" for Parquet / TSV records */
    public static Sample of(String benchmark, String split, String file, String unit, long number, String reason) {
        String where = file + ":" + number;
        return Sample.error(where, benchmark, split, file + " " + unit + " " + number + ": " + reason,
                Map.of("source", where));
    }
}
