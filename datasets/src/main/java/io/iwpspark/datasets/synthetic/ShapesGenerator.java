package io.iwpspark.datasets.synthetic;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.schema.SamplesTable;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Entry points that prepare ShapesVQA / ShapesVideo samples straight into the samples table.
 * {@link #prepare} is what the jobs module calls; {@link #main} times generation for
 * docs/PERFORMANCE.md.
 */
public final class ShapesGenerator {
    private ShapesGenerator() {
    }

    /**
     * The first {@code vqaSamples} ShapesVQA samples followed by the first {@code videoSamples}
     * ShapesVideo samples, generated inside the executors ({@code partitions} index ranges).
     */
    public static Dataset<Row> table(SparkSession spark, ShapesConfig config, long vqaSamples, long videoSamples,
                                     int partitions) {
        if (vqaSamples < 0 || videoSamples < 0) {
            throw new IllegalArgumentException("sample counts: expected >= 0 but found vqa=" + vqaSamples
                    + ", video=" + videoSamples);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: expected >= 1 but found " + partitions);
        }
        MapPartitionsFunction<Long, Row> vqa = ids -> {
            ShapesVqa g = new ShapesVqa(config);
            return rows(ids, i -> SampleRows.toRow(g.sample(i)));
        };
        MapPartitionsFunction<Long, Row> video = ids -> {
            ShapesVideo g = new ShapesVideo(config);
            return rows(ids, i -> SampleRows.toRow(g.sample(i)));
        };
        Dataset<Row> a = spark.range(0, vqaSamples, 1, partitions).mapPartitions(vqa, Encoders.row(SampleRows.SCHEMA));
        Dataset<Row> b = spark.range(0, videoSamples, 1, partitions).mapPartitions(video, Encoders.row(SampleRows.SCHEMA));
        return a.union(b);
    }

    /** Writes {@link #table} as Parquet at {@code path} (replacing it). */
    public static void prepare(SparkSession spark, ShapesConfig config, long vqaSamples, long videoSamples,
                               String path) {
        int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
        SamplesTable.write(table(spark, config, vqaSamples, videoSamples, partitions), path);
    }

    private static Iterator<Row> rows(Iterator<Long> ids, java.util.function.LongFunction<Row> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                return f.apply(ids.next());
            }
        };
    }

    /**
     * Usage: {@code ShapesGenerator <out-parquet-dir> <vqa-samples> [video-samples] [seed] [size]}.
     * Prints the time to generate the ShapesVQA samples in one thread without Spark (twice: cold,
     * then warm), then the time to generate and write the whole table through a local Spark session.
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: ShapesGenerator <out-parquet-dir> <vqa-samples> [video-samples] [seed] [size]");
        }
        String out = args[0];
        long n = Long.parseLong(args[1]);
        long videos = args.length > 2 ? Long.parseLong(args[2]) : 0;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 0;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : ShapesConfig.DEFAULT_SIZE;
        ShapesConfig config = ShapesConfig.defaults(seed).withSize(size, size);

        // Two passes without Spark: the first includes class loading and JIT warm-up.
        for (int pass = 1; pass <= 2; pass++) {
            long t0 = System.nanoTime();
            long bytes = 0;
            Iterator<io.iwpspark.datasets.schema.Sample> it = new ShapesVqa(config).iterator(0, n);
            while (it.hasNext()) {
                bytes += it.next().media().get(0).length;
            }
            double genS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("ShapesVQA pass %d: %d samples (%d images %dx%d, %.1f MB of PNG over all samples) "
                    + "generated in %.2f s, one thread, no Spark%n", pass, n, (n + 4) / 5, size, size, bytes / 1e6, genS);
        }

        SparkSession spark = SparkSession.builder().appName("shapes-generator").master("local[*]")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            long t1 = System.nanoTime();
            prepare(spark, config, n, videos, out);
            double writeS = (System.nanoTime() - t1) / 1e9;
            System.out.printf("Parquet: %d ShapesVQA + %d ShapesVideo samples written to %s in %.2f s (%s)%n",
                    n, videos, out, writeS, spark.sparkContext().master());
        } finally {
            spark.stop();
        }
    }
}
