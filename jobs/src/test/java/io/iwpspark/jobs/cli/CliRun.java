package io.iwpspark.jobs.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** {@code iwp} on a test's Spark session, its exit status and printed text; and a tiny-model sweep YAML. */
final class CliRun {
    static final Path MODEL = Path.of("../models/tiny-llava-shapes").toAbsolutePath().normalize();

    record Result(int code, String out, String err) {}

    private CliRun() {}

    static Result iwp(SparkSession spark, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, spark, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A sweep of the tiny model (random at 8 tokens, 2 new tokens) over {@code sources}, then {@code extra} keys. */
    static Path yaml(Path dir, String sources, String extra) throws Exception {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, "model: " + MODEL + "\ndevice: cpu\nsamples: " + dir.resolve("samples") + "\noutput: "
                + dir.resolve("run") + "\nmethods: [random]\nbudgets: [8]\nmax_new_tokens: 2\npool_stride: 2\n"
                + "bootstrap: 10\npartitions: 2\nwave_size: 100\nsources:\n" + sources + extra);
        return f;
    }
}
