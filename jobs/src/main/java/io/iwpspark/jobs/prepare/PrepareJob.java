package io.iwpspark.jobs.prepare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.schema.SamplesTable;
import io.iwpspark.datasets.synthetic.ShapesConfig;
import io.iwpspark.datasets.synthetic.ShapesGenerator;
import io.iwpspark.jobs.config.SourceSpec;
import io.iwpspark.jobs.config.SweepConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code iwp prepare}: the downloaded benchmarks of {@code sources} and the {@code synthetic} one,
 * read on the executors into one samples table, written through a staging folder and published by
 * rename ({@link SamplesTable#write}). Every input record is one row, a sample or an error row; the
 * counts per benchmark are read back from the written table and printed as ok + error.
 */
public final class PrepareJob {
    private PrepareJob() {}

    /** The sources with their formats (given or found), checked before Spark reads anything. */
    public static List<String> formats(SweepConfig c) {
        List<String> out = new ArrayList<>();
        List<SourceSpec> sources = c.prepare().sources();
        for (int i = 0; i < sources.size(); i++) {
            String where = "sources[" + i + "]";
            String format = SourceLayout.format(sources.get(i), where);
            SourceReader.check(sources.get(i), format, where);
            out.add(format);
        }
        return out;
    }

    /** Every source and the synthetic benchmark, as one lazy DataFrame of the samples schema. */
    static Dataset<Row> table(SparkSession spark, SweepConfig c, List<String> formats, PrintStream log) {
        int partitions = partitions(spark, c);
        Dataset<Row> all = null;
        List<SourceSpec> sources = c.prepare().sources();
        for (int i = 0; i < sources.size(); i++) {
            SourceSpec s = sources.get(i);
            log.printf("prepare: sources[%d] %s: %s (%s)%n", i, s.benchmark(), s.path(), formats.get(i));
            Dataset<Row> d = SourceReader.read(spark, s, formats.get(i), c.prepare().video(),
                    io.iwpspark.datasets.video.VideoLimits.of(c.media()), partitions, "sources[" + i + "]");
            all = all == null ? d : all.union(d);
        }
        if (c.synthetic() != null) {
            var s = c.synthetic();
            log.printf("prepare: synthetic: %d ShapesVQA + %d ShapesVideo samples%n", s.vqa(), s.video());
            ShapesConfig shapes = ShapesConfig.defaults(s.seed()).withSize(s.imageSize(), s.imageSize());
            Dataset<Row> d = ShapesGenerator.table(spark, shapes, s.vqa(), s.video(), partitions);
            all = all == null ? d : all.union(d);
        }
        return all;
    }

    /** Writes the samples table and prints, per benchmark, rows = ok + error read back from it. */
    public static void write(SparkSession spark, SweepConfig c, PrintStream log) {
        List<String> formats = formats(c);
        long start = System.nanoTime();
        SamplesTable.write(table(spark, c, formats, log), c.samples());
        List<Row> counts = counts(SamplesTable.read(spark, c.samples()), SampleRows.BENCHMARK);
        long rows = 0;
        for (Row r : counts) {
            log.printf("prepare: %s: %d rows = %d ok + %d error%n", r.getString(0), r.getLong(1), r.getLong(1) - r.getLong(2),
                    r.getLong(2));
            rows += r.getLong(1);
        }
        log.printf("prepare: %d rows written to %s in %.1f s%n", rows, c.samples(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * {@code iwp prepare --list}: what each source holds (format, files, records from their headers); decodes
     * nothing, runs no Spark job and writes nothing ({@link SourceListing}).
     */
    public static void list(SparkSession spark, SweepConfig c, PrintStream out) {
        List<String> formats = formats(c);
        List<SourceSpec> sources = c.prepare().sources();
        SourceListing listing = new SourceListing(spark.sparkContext().hadoopConfiguration(), out);
        for (int i = 0; i < sources.size(); i++) {
            listing.list(sources.get(i), formats.get(i), "sources[" + i + "]");
        }
        if (sources.isEmpty()) {
            out.println("prepare --list: no sources configured");
        }
    }

    /** Rows of (keys..., records, error rows), sorted by the keys; null keys shown as "". */
    private static List<Row> counts(Dataset<Row> d, String... keys) {
        org.apache.spark.sql.Column[] by = new org.apache.spark.sql.Column[keys.length];
        for (int i = 0; i < keys.length; i++) {
            by[i] = org.apache.spark.sql.functions.coalesce(col(keys[i]), lit("")).as(keys[i]);
        }
        return d.groupBy(by).agg(count(lit(1)), count(col(SampleRows.ERROR))).orderBy(keys[0],
                java.util.Arrays.copyOfRange(keys, 1, keys.length)).collectAsList();
    }

    private static int partitions(SparkSession spark, SweepConfig c) {
        return c.partitions() > 0 ? c.partitions() : Math.max(1, spark.sparkContext().defaultParallelism());
    }
}
