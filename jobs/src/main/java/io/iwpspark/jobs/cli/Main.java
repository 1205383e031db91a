package io.iwpspark.jobs.cli;

import io.iwpspark.jobs.aggregate.AggregateJob;
import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.jobs.config.SweepConfigReader;
import io.iwpspark.jobs.plot.PlotJob;
import io.iwpspark.jobs.prepare.PrepareJob;
import io.iwpspark.jobs.sweep.RunScoring;
import io.iwpspark.jobs.sweep.SweepJob;
import io.iwpspark.jobs.sweep.SweepSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The iwp command line: {@code iwp <prepare|sweep|aggregate|plot|run> [--config FILE] [--set key=value ...]},
 * and {@code iwp methods [--markdown]} ({@link MethodsCommand}).
 * Works the same locally (Spark local[*] unless a master is given) and under spark-submit.
 */
public final class Main {
    static final String DEFAULT_CONFIG = "conf/sweep-default.yaml";

    private Main() {}

    public static void main(String[] args) throws IOException {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs a command; returns the exit status (0 ok, 1 the job failed its own checks, 2 bad usage or input). */
    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length > 0 && args[0].equals("methods")) {
            return MethodsCommand.run(args, out, err);
        }
        Args a;
        try {
            a = Args.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("iwp: " + e.getMessage());
            err.println("run `iwp --help` for usage");
            return 2;
        }
        if (a.help()) {
            out.print(Help.TEXT);
            return 0;
        }
        SweepConfig config = configure(a, err);
        if (config == null) {
            return 2;
        }
        SparkSession spark = session(a.master());
        try {
            return run(a, config, spark, out, err);
        } finally {
            spark.stop();
        }
    }

    /** Runs a command on a session the caller owns (tests share one per class); does not stop it. */
    static int run(String[] args, SparkSession spark, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(args);
        SweepConfig config = configure(a, err);
        return config == null ? 2 : run(a, config, spark, out, err);
    }

    /** The validated configuration, or null after printing the one-line error (exit status 2). */
    private static SweepConfig configure(Args a, PrintStream err) {
        try {
            SweepConfig config = SweepConfigReader.read(a.config(), Path.of("").toAbsolutePath(), a.overrides());
            if (!a.command().equals("aggregate") && !a.command().equals("plot")) {
                SweepJob.validate(config);
            }
            return config;
        } catch (IllegalArgumentException e) {
            err.println("iwp: configuration error: " + e.getMessage());
            return null;
        }
    }

    private static int run(Args a, SweepConfig config, SparkSession spark, PrintStream out, PrintStream err)
            throws IOException {
        try {
            return switch (a.command()) {
                case "prepare" -> a.list() ? list(spark, config, out) : prepare(spark, config, out);
                case "sweep" -> sweep(spark, config, out);
                case "aggregate" -> aggregate(spark, config, out);
                case "plot" -> plot(spark, config, out);
                case "run" -> runAll(spark, config, out);
                default -> throw new IllegalStateException("unreachable: " + a.command());
            };
        } catch (ConfigException e) {
            // Found once the samples table is open (empty, a benchmark matching nothing, a budget no sample fits).
            err.println("iwp: configuration error: " + e.getMessage());
            return 2;
        }
    }

    private static SparkSession session(String master) {
        SparkConf conf = new SparkConf(true);
        SparkSession.Builder b = SparkSession.builder().appName("iwp-spark");
        String chosen = master != null ? master : conf.contains("spark.master") ? null : "local[*]";
        if (chosen != null) {
            b.master(chosen);
        }
        if (chosen != null && chosen.startsWith("local")) { // this process alone: no web UI unless asked for
            if (!conf.contains("spark.ui.enabled")) {
                b.config("spark.ui.enabled", "false");
            }
            b.config("spark.driver.host", "127.0.0.1");
        }
        return b.getOrCreate();
    }

    private static int prepare(SparkSession spark, SweepConfig c, PrintStream out) {
        if (java.nio.file.Files.exists(Path.of(c.samples()))) {
            out.println("prepare: " + c.samples() + " exists; not rewritten (delete it to prepare again)");
        }
        SweepJob.prepareIfMissing(spark, c, out);
        out.println("prepare: samples table at " + c.samples());
        return 0;
    }

    private static int list(SparkSession spark, SweepConfig c, PrintStream out) {
        PrepareJob.list(spark, c, out);
        return 0;
    }

    private static int sweep(SparkSession spark, SweepConfig c, PrintStream out) {
        SweepSummary s = SweepJob.run(spark, c, out);
        out.println("sweep: predictions table at " + SweepJob.predictionsPath(c));
        return s.reconciled() ? 0 : 1;
    }

    private static int aggregate(SparkSession spark, SweepConfig c, PrintStream out) {
        RunScoring.check(c, true);
        Dataset<Row> predictions = spark.read().parquet(SweepJob.predictionsPath(c).toString());
        Dataset<Row> t = new AggregateJob(c.bootstrap(), c.seed(), c.scoring()).tradeoffs(spark, predictions);
        Path path = tradeoffsPath(c);
        t.coalesce(1).write().mode(SaveMode.Overwrite).parquet(path.toString());
        RunScoring.writeBeside(c, path);
        List<Row> rows = spark.read().parquet(path.toString()).collectAsList();
        long samples = rows.stream().mapToLong(r -> r.getAs("samples")).sum();
        long errors = rows.stream().mapToLong(r -> r.getAs("errors")).sum();
        out.printf("aggregate: %d rows (benchmark x configuration) from %d prediction rows = %d ok + %d error%n",
                rows.size(), samples, samples - errors, errors);
        out.println("aggregate: trade-off table at " + path + ", scoring " + c.scoring().asKeys());
        return 0;
    }

    private static int plot(SparkSession spark, SweepConfig c, PrintStream out) throws IOException {
        List<Row> rows = spark.read().parquet(tradeoffsPath(c).toString()).collectAsList();
        List<Path> files = PlotJob.plot(rows, Path.of(c.output(), "figures"));
        out.println("plot: " + files.size() + " files in " + Path.of(c.output(), "figures"));
        return 0;
    }

    private static int runAll(SparkSession spark, SweepConfig c, PrintStream out) throws IOException {
        int code = sweep(spark, c, out);
        aggregate(spark, c, out);
        plot(spark, c, out);
        out.println();
        out.println("done. tables: " + SweepJob.predictionsPath(c) + " and " + tradeoffsPath(c));
        out.println("      figures: " + Path.of(c.output(), "figures"));
        return code;
    }

    static Path tradeoffsPath(SweepConfig c) {
        return Path.of(c.output(), "tradeoffs");
    }

    /** Parsed command line. */
    record Args(String command, Path config, Map<String, String> overrides, String master, boolean help, boolean list) {
        static Args parse(String[] args) {
            String command = null;
            Path config = Path.of(DEFAULT_CONFIG);
            Map<String, String> overrides = new LinkedHashMap<>();
            String master = null;
            boolean help = false;
            boolean list = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help", "help" -> help = true;
                    case "--config" -> config = Path.of(value(args, ++i, "--config"));
                    case "--list" -> list = true;
                    case "--master" -> master = value(args, ++i, "--master");
                    case "--set" -> {
                        String kv = value(args, ++i, "--set");
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--set expects key=value, found \"" + kv + "\"");
                        }
                        overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    default -> {
                        if (arg.startsWith("-") || command != null) {
                            throw new IllegalArgumentException("unexpected argument \"" + arg + "\"");
                        }
                        if (!List.of("prepare", "sweep", "aggregate", "plot", "run").contains(arg)) {
                            throw new IllegalArgumentException("unknown command \"" + arg
                                    + "\"; expected prepare, sweep, aggregate, plot or run");
                        }
                        command = arg;
                    }
                }
            }
            if (command == null && !help) {
                throw new IllegalArgumentException("no command given; expected prepare, sweep, aggregate, plot or run");
            }
            if (list && !"prepare".equals(command)) {
                throw new IllegalArgumentException("--list goes with prepare only, found command " + command);
            }
            return new Args(command, config, overrides, master, help, list);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }
    }
}
