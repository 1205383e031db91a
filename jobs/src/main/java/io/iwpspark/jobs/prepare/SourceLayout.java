package io.iwpspark.jobs.prepare;

import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds a source's layout from its files when the YAML gives no {@code format}, in this order: a
 * {@code json/} folder of question files (MVBench), a {@code videomme/} Parquet folder or Parquet
 * beside a {@code data/} video folder (Video-MME), Parquet files (lmms-lab), {@code .tsv}
 * (VLMEvalKit), {@code .jsonl} or {@code coco_pope_*.json} (LLaVA question files). Hidden folders
 * ({@code .cache/} that huggingface-cli writes) are not looked into.
 */
public final class SourceLayout {
    static final int DEPTH = 4;

    private SourceLayout() {}

    /** The format given, else the one the files show; an error names the path and what was looked for. */
    public static String format(SourceSpec s, String where) {
        Path p = Path.of(s.path());
        if (!Files.exists(p)) {
            throw new ConfigException(where + ".path: " + p + " does not exist");
        }
        if (s.format() != null) {
            return s.format();
        }
        String eval = LlavaEvalFolder.detect(p);
        if (eval != null) {
            return eval;
        }
        String name = p.getFileName().toString();
        if (Files.isRegularFile(p)) {
            if (name.endsWith(".tsv")) {
                return "vlmevalkit-tsv";
            }
            if (name.endsWith(".jsonl") || name.endsWith(".json")) {
                return "llava-jsonl";
            }
            if (name.endsWith(".parquet")) {
                return "lmms-lab";
            }
        } else {
            if (!files(p.resolve("json"), f -> f.toString().endsWith(".json"), 1).isEmpty()) {
                return "mvbench";
            }
            if (!files(p.resolve("Subset"), SourceLayout::parquet, 1).isEmpty() && Files.isDirectory(p.resolve("videos"))) {
                return "egoschema";
            }
            if (!files(p.resolve("videomme"), SourceLayout::parquet, 1).isEmpty()
                    || (Files.isDirectory(p.resolve("data")) && !files(p, SourceLayout::parquet, 1).isEmpty()
                    && files(p.resolve("data"), SourceLayout::parquet, 1).isEmpty())) {
                return "videomme";
            }
            if (!files(p, SourceLayout::parquet, DEPTH).isEmpty()) {
                return "lmms-lab";
            }
            if (!files(p, f -> f.getFileName().toString().endsWith(".tsv"), DEPTH).isEmpty()) {
                return "vlmevalkit-tsv";
            }
            if (!files(p, SourceLayout::questionFile, DEPTH).isEmpty()) {
                return "llava-jsonl";
            }
        }
        throw new ConfigException(where + ".path: cannot tell the format of " + p + ": looked for json/<task>.json "
                + "(mvbench), Subset/*.parquet beside videos/ (egoschema), videomme/*.parquet or *.parquet beside data/ (videomme), *.parquet (lmms-lab), *.tsv "
                + "(vlmevalkit-tsv), *.jsonl or coco_pope_*.json (llava-jsonl), " + LlavaEvalFolder.LOOKED_FOR
                + " and found none; give format: one of "
                + SourceSpec.FORMATS);
    }

    static boolean parquet(Path f) {
        return f.getFileName().toString().endsWith(".parquet");
    }

    static boolean questionFile(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".jsonl") || (n.startsWith("coco_pope_") && n.endsWith(".json"));
    }

    /** Regular files under {@code dir} (not in hidden folders) matching {@code keep}, sorted; none when no folder. */
    static List<Path> files(Path dir, Predicate<Path> keep, int depth) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !hidden(dir, f))
                    .filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    private static boolean hidden(Path dir, Path f) {
        for (Path part : dir.relativize(f)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
