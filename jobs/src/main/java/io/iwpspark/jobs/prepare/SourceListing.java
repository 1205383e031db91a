package io.iwpspark.jobs.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.readers.LmmsLabFormat;
import io.iwpspark.jobs.config.SourceSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * {@code iwp prepare --list} for one source, from file listings and headers only: Parquet row counts
 * from the footers, lines of LLaVA question files, records of TSV files (quote-aware, images left as
 * text), entries of MVBench's question files, and the video files present. No image or video is
 * decoded and no Spark job runs, so a large or broken download lists in seconds; how many records
 * become error rows is known only once {@code iwp prepare} reads them.
 */
final class SourceListing {
    private static final Set<String> VIDEO = Set.of("mp4", "mkv", "webm", "avi", "mov");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Configuration hadoop;
    private final PrintStream out;

    SourceListing(Configuration hadoop, PrintStream out) {
        this.hadoop = hadoop;
        this.out = out;
    }

    void list(SourceSpec s, String format, String where) {
        Path root = Path.of(s.path());
        List<String> lines = new ArrayList<>();
        long records = switch (format) {
            case "lmms-lab" -> lmmsLab(root, s.benchmark(), where, lines);
            case "llava-jsonl" -> each(root, SourceReader.textFiles(s, format, where), SourceListing::jsonLines, "lines", lines);
            case "vlmevalkit-tsv" -> each(root, SourceReader.textFiles(s, format, where), SourceListing::tsvRecords, "records", lines);
            case "mvbench" -> mvBench(root, lines);
            case "videomme" -> {
                long questions = parquet(root, parquetFiles(root, "videomme"), lines);
                videos(root.resolve("data"), lines);
                yield questions;
            }
            case "egoschema" -> {
                long questions = parquet(root, parquetFiles(root, "Subset"), lines);
                videos(root.resolve("videos"), lines);
                yield questions;
            }
            case LlavaEvalFolder.GQA, LlavaEvalFolder.TEXTVQA, LlavaEvalFolder.MME -> {
                try {
                    yield LlavaEvalFolder.list(s, format, where, lines);
                } catch (IOException e) {
                    throw new UncheckedIOException("prepare --list: reading " + s.path(), e);
                }
            }
            default -> throw new IllegalStateException("unreachable: format " + format);
        };
        out.printf("%s %s: %s, format %s%s: %d records (from file headers; iwp prepare reads them into ok + error rows)%n",
                where, s.benchmark(), s.path(), format, s.format() == null ? " (found from the files)" : "", records);
        lines.forEach(l -> out.println("  " + l));
        if (format.equals("llava-jsonl")) {
            out.println("  images: " + SourceReader.imageFolder(s));
        }
    }

    private long lmmsLab(Path root, String benchmark, String where, List<String> lines) {
        LmmsLabFormat f = LmmsLabFolder.format(benchmark, where);
        if (f == LmmsLabFormat.GQA) {
            String[] t = LmmsLabFolder.gqaTables(root, where);
            long images = parquet(root, SourceLayout.files(Path.of(t[1]), SourceLayout::parquet, 1), new ArrayList<>());
            long q = parquet(root, SourceLayout.files(Path.of(t[0]), SourceLayout::parquet, 1), lines);
            lines.add("image table " + root.relativize(Path.of(t[1])) + ": " + images + " rows");
            return q;
        }
        List<Path> shards = LmmsLabFolder.shards(root, f, where).stream().map(Path::of).toList();
        long rows = parquet(root, shards, lines);
        lines.add("split " + f.split + (f == LmmsLabFormat.SEEDBENCH ? " (rows of data_type video are left out when read)" : ""));
        return rows;
    }

    /** Rows of each Parquet file from its footer; one line per file. */
    private long parquet(Path root, List<Path> files, List<String> lines) {
        long total = 0;
        for (Path f : files) {
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(f.toUri()), hadoop))) {
                long n = r.getRecordCount();
                lines.add(rel(root, f) + ": " + n + " rows");
                total += n;
            } catch (IOException | RuntimeException e) {
                lines.add(rel(root, f) + ": not a readable Parquet footer (" + e.getMessage() + ")");
            }
        }
        return total;
    }

    private static List<Path> parquetFiles(Path root, String nested) {
        List<Path> in = SourceLayout.files(root.resolve(nested), SourceLayout::parquet, 1);
        return in.isEmpty() ? SourceLayout.files(root, SourceLayout::parquet, 1) : in;
    }

    /** MVBench: entries of each json/<task>.json, then the video files and frame folders present. */
    private long mvBench(Path root, List<String> lines) {
        Path json = Files.isDirectory(root.resolve("json")) ? root.resolve("json") : root;
        long total = 0;
        for (Path f : SourceLayout.files(json, p -> p.toString().endsWith(".json"), 1)) {
            try {
                JsonNode n = JSON.readTree(f.toFile());
                int count = n.isArray() ? n.size() : 0;
                lines.add("task " + f.getFileName().toString().replaceFirst("\\.json$", "") + ": " + count + " questions"
                        + (n.isArray() ? "" : " (not a JSON list)"));
                total += count;
            } catch (IOException e) {
                lines.add(rel(root, f) + ": not readable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        videos(Files.isDirectory(root.resolve("video")) ? root.resolve("video") : root, lines);
        return total;
    }

    /** Adds a line counting the video files under {@code dir} (by extension; none is opened). */
    private static void videos(Path dir, List<String> lines) {
        lines.add("video files under " + dir + ": " + SourceLayout.files(dir, f -> VIDEO.contains(extension(f)), SourceLayout.DEPTH).size());
    }

    private interface Counter {
        long count(Path file) throws IOException;
    }

    private static long each(Path root, List<Path> files, Counter counter, String unit, List<String> lines) {
        long total = 0;
        for (Path f : files) {
            try {
                long n = counter.count(f);
                lines.add(rel(root, f) + ": " + n + " " + unit);
                total += n;
            } catch (IOException e) {
                throw new UncheckedIOException("prepare --list: reading " + f, e);
            }
        }
        return total;
    }

    /** Non-blank lines: one question each (LLaVA's files, whatever their extension). */
    static long jsonLines(Path f) throws IOException {
        try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }

    /** Records after the header line; a newline inside double quotes does not end a record. */
    static long tsvRecords(Path f) throws IOException {
        long records = 0;
        boolean quoted = false;
        boolean content = false;
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            for (int c = r.read(); c >= 0; c = r.read()) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\n' && !quoted) {
                    records += content ? 1 : 0;
                    content = false;
                    continue;
                }
                content |= c != '\r';
            }
        }
        records += content ? 1 : 0;
        return Math.max(0, records - 1);
    }

    private static String extension(Path f) {
        String n = f.getFileName().toString();
        return n.substring(n.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    }

    private static String rel(Path root, Path f) {
        return Files.isRegularFile(root) ? f.getFileName().toString() : root.relativize(f).toString();
    }
}
