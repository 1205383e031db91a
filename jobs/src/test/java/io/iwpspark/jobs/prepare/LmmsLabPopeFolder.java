package io.iwpspark.jobs.prepare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Tool (not a test): writes an lmms-lab/POPE-layout folder of {@code rows} synthetic rows (24 x 24
 * PNGs, every 5th row an error) as {@code data/test-NNNNN-of-NNNNN.parquet}, generated on the
 * executors, for the bounded-driver-memory measurement in docs/PERFORMANCE.md.
 * Usage: {@code LmmsLabPopeFolder <out-dir> <rows> [shards]}.
 */
public final class LmmsLabPopeFolder {
    private LmmsLabPopeFolder() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        int shards = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("lmms-lab-pope-folder")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            Path tmp = out.resolve("data.spark");
            MapPartitionsFunction<Long, Row> make = ids -> {
                byte[] img = BenchmarkFolders.png(0x3366cc);
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return ids.hasNext();
                    }

                    @Override
                    public Row next() {
                        return BenchmarkFolders.popeRow(ids.next(), img);
                    }
                };
            };
            spark.range(0, rows, 1, shards).as(Encoders.LONG()).mapPartitions(make, Encoders.row(BenchmarkFolders.POPE))
                    .write().parquet(tmp.toString());
            Files.createDirectories(out.resolve("data"));
            List<Path> parts;
            try (var s = Files.list(tmp)) {
                parts = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
            }
            for (int i = 0; i < parts.size(); i++) {
                Files.move(parts.get(i), out.resolve(String.format("data/test-%05d-of-%05d.parquet", i, parts.size())));
            }
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            System.out.printf("wrote %d rows in %d shards to %s%n", rows, parts.size(), out.resolve("data"));
        } finally {
            spark.stop();
        }
    }
}
