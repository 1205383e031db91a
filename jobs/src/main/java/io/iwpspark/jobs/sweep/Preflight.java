package io.iwpspark.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Checks a sweep before any sample is evaluated; each failure is a {@link ConfigException} of one
 * line. {@link #files} needs no Spark (the command line runs it before starting a session);
 * {@link #scope} reads the samples table's small columns once it is open.
 */
final class Preflight {
    private Preflight() {}

    /** The model's visual tokens per image from its config.json, or 0 when that is not a LLaVA config we read. */
    static int tokensPerImage(SweepConfig c) {
        try {
            return ConfigReader.readLlava(Path.of(c.model())).tokensPerImage();
        } catch (CheckpointException | IllegalArgumentException e) {
            return 0; // not knowable cheaply here; the checkpoint checks report the config itself
        }
    }

    /** The output folder, the samples folder and the budgets against the largest sample the limits admit. */
    static void files(SweepConfig c) {
        Path out = Path.of(c.output());
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ConfigException("output: " + out + " is a file, expected a folder (or nothing)");
        }
        Path predictions = SweepJob.predictionsPath(c);
        if (Files.exists(predictions) && !Files.isDirectory(predictions)) {
            throw new ConfigException("output: " + predictions + " is a file, expected the predictions folder");
        }
        Path existing = out;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new ConfigException("output: " + out + " cannot be created: " + existing
                    + (existing == null ? "" : Files.isDirectory(existing) ? " is not writable" : " is a file"));
        }
        Path samples = Path.of(c.samples());
        if (Files.isDirectory(samples) && Files.exists(samples.resolve("_temporary"))
                && !Files.exists(samples.resolve("_SUCCESS"))) {
            throw new ConfigException("samples: " + samples + " is a half-written table (_temporary and no _SUCCESS: "
                    + "a killed write); delete it and run iwp prepare again");
        }
        int perImage = tokensPerImage(c);
        long most = (long) perImage * c.media().maxFrames();
        for (int b : c.budgets()) {
            if (perImage > 0 && b > most) {
                throw new ConfigException("budgets: " + b + " exceeds the visual tokens any sample can have: "
                        + perImage + " per image of " + c.model() + " x media.max_frames " + c.media().maxFrames()
                        + " = " + most);
            }
        }
    }

    /**
     * The samples table against the sweep: not empty, every {@code benchmarks} entry present, some
     * sample in scope, and each budget at most the visual tokens of the largest sample in scope
     * ({@code inScope} cached by the caller: its media are in memory already).
     */
    static void scope(SweepConfig c, Dataset<Row> table, Dataset<Row> inScope, long inScopeCount) {
        if (!c.benchmarks().isEmpty() || inScopeCount == 0) {
            List<Row> present = table.select(SampleRows.BENCHMARK).distinct().collectAsList();
            Set<String> names = new TreeSet<>();
            present.forEach(r -> names.add(r.isNullAt(0) ? "(null)" : r.getString(0)));
            if (names.isEmpty()) {
                throw new ConfigException("samples: the table " + c.samples() + " has no rows");
            }
            for (int i = 0; i < c.benchmarks().size(); i++) {
                if (!names.contains(c.benchmarks().get(i))) {
                    throw new ConfigException("benchmarks[" + i + "]: \"" + c.benchmarks().get(i)
                            + "\" matches no sample in " + c.samples() + "; it has " + names);
                }
            }
        }
        if (inScopeCount == 0) {
            throw new ConfigException("no sample in scope of " + c.samples() + " (benchmarks " + c.benchmarks()
                    + ", limit " + c.limit() + ")");
        }
        int perImage = tokensPerImage(c);
        if (perImage == 0) {
            return;
        }
        Row most = inScope.agg(max(size(col(SampleRows.MEDIA)))).first();
        long bound = (long) perImage * Math.max(1, most.isNullAt(0) ? 1 : most.getInt(0));
        for (int b : c.budgets()) {
            if (b > bound) {
                throw new ConfigException("budgets: " + b + " exceeds the visual tokens of every sample in scope: at most "
                        + bound + " (" + perImage + " per image of " + c.model() + ", at most "
                        + (bound / perImage) + " image(s) or frame(s) per sample)");
            }
        }
    }
}
