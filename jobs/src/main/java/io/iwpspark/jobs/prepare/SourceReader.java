package io.iwpspark.jobs.prepare;

import io.iwpspark.datasets.benchmarks.BenchmarkDefinition;
import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.readers.LlavaJsonlReader;
import io.iwpspark.datasets.readers.LmmsLabFormat;
import io.iwpspark.datasets.readers.LmmsLabParquetReader;
import io.iwpspark.datasets.readers.EgoSchemaReader;
import io.iwpspark.datasets.readers.MvBenchReader;
import io.iwpspark.datasets.readers.VideoMmeReader;
import io.iwpspark.datasets.readers.VlmEvalKitTsvReader;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.video.VideoLimits;
import io.iwpspark.datasets.video.VideoSampling;
import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One source as a lazy DataFrame of the samples schema, read on the executors: Spark reads the
 * Parquet shards itself (lmms-lab, Video-MME); the driver lists the other files and the executors
 * read them: LLaVA question files split into lines there and spread over the partitions, each line
 * read with its image; a VLMEvalKit TSV whole by one task (its rows name each other's images). The
 * driver holds file names, never records.
 */
final class SourceReader {
    private SourceReader() {}

    /** Checks that the source can be read as {@code format} (files, benchmark name) before Spark starts. */
    static void check(SourceSpec s, String format, String where) {
        Path root = Path.of(s.path());
        switch (format) {
            case "lmms-lab" -> {
                LmmsLabFormat f = LmmsLabFolder.format(s.benchmark(), where);
                if (f == LmmsLabFormat.GQA) {
                    LmmsLabFolder.gqaTables(root, where);
                } else {
                    LmmsLabFolder.shards(root, f, where);
                }
            }
            case "mvbench", "videomme", "egoschema" -> {
                String fixed = switch (format) {
                    case "mvbench" -> MvBenchReader.BENCHMARK;
                    case "videomme" -> VideoMmeReader.BENCHMARK;
                    default -> EgoSchemaReader.BENCHMARK;
                };
                if (!s.benchmark().equals(fixed)) {
                    throw new ConfigException(where + ".benchmark: format " + format + " writes benchmark " + fixed
                            + ", found \"" + s.benchmark() + "\"");
                }
                if (format.equals("videomme")) {
                    videoMmeTable(root, where);
                } else if (format.equals("egoschema")) {
                    egoSchemaTable(root, where);
                }
            }
            case LlavaEvalFolder.GQA, LlavaEvalFolder.TEXTVQA, LlavaEvalFolder.MME -> LlavaEvalFolder.check(s, format, where);
            default -> {
                definition(s.benchmark(), where);
                textFiles(s, format, where);
            }
        }
    }

    /** {@code limits}: the sweep's media limits, applied to the sampled video frames (images are checked by the sweep). */
    static Dataset<Row> read(SparkSession spark, SourceSpec s, String format, VideoSampling video, VideoLimits limits,
            int partitions, String where) {
        Path root = Path.of(s.path());
        try {
            return switch (format) {
                case "lmms-lab" -> {
                    LmmsLabFormat f = LmmsLabFolder.format(s.benchmark(), where);
                    if (f == LmmsLabFormat.GQA) {
                        String[] t = LmmsLabFolder.gqaTables(root, where);
                        yield LmmsLabParquetReader.readGqa(spark, t[0], t[1]);
                    }
                    yield LmmsLabParquetReader.read(spark, f, LmmsLabFolder.shards(root, f, where).toArray(String[]::new));
                }
                case "mvbench" -> new MvBenchReader(video, limits).read(spark, s.path(), partitions);
                case "videomme" -> new VideoMmeReader(video, limits)
                        .read(spark, videoMmeTable(root, where), s.path(), partitions);
                case "egoschema" -> new EgoSchemaReader(video, limits)
                        .read(spark, egoSchemaTable(root, where), s.path(), partitions);
                case LlavaEvalFolder.GQA, LlavaEvalFolder.TEXTVQA, LlavaEvalFolder.MME ->
                        LlavaEvalFolder.read(spark, s, format, partitions, where);
                default -> perFile(spark, s, format, partitions, where);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": reading " + s.path(), e);
        }
    }

    /** LLaVA question files or VLMEvalKit TSV files: one executor task per file, its images read there. */
    private static Dataset<Row> perFile(SparkSession spark, SourceSpec s, String format, int partitions, String where) {
        BenchmarkDefinition d = definition(s.benchmark(), where);
        String benchmark = s.benchmark();
        String split = d.split();
        AnswerType type = d.answerType();
        List<String> files = textFiles(s, format, where).stream().map(Path::toString).toList();
        if (format.equals("llava-jsonl")) {
            java.util.Map<String, String> categories = new java.util.HashMap<>();
            files.forEach(f -> categories.put(f, category(benchmark, f)));
            return new LlavaJsonlReader(benchmark, split, type).read(spark, files, imageFolder(s), categories, partitions);
        }
        // A TSV names a repeated image by the index of the row holding it: one file is read by one task.
        FlatMapFunction<String, Row> read = f -> new VlmEvalKitTsvReader(benchmark, split, type).read(Path.of(f)).stream()
                .map(SampleRows::toRow).iterator();
        return spark.createDataset(files, Encoders.STRING()).repartition(Math.max(1, Math.min(partitions, files.size())))
                .flatMap(read, Encoders.row(SampleRows.SCHEMA));
    }

    /** POPE's LLaVA files are coco_pope_{adversarial,popular,random}.json: the part after the last "_". */
    static String category(String benchmark, String file) {
        String name = Path.of(file).getFileName().toString().replaceFirst("\\.jsonl?$", "");
        return benchmark.equals("pope") ? name.substring(name.lastIndexOf('_') + 1) : "";
    }

    static String imageFolder(SourceSpec s) {
        if (s.images() != null) {
            return s.images();
        }
        Path p = Path.of(s.path());
        Path dir = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
        return Files.isDirectory(dir.resolve("images")) ? dir.resolve("images").toString() : dir.toString();
    }

    static List<Path> textFiles(SourceSpec s, String format, String where) {
        Path p = Path.of(s.path());
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        List<Path> files = format.equals("vlmevalkit-tsv")
                ? SourceLayout.files(p, f -> f.getFileName().toString().endsWith(".tsv"), SourceLayout.DEPTH)
                : SourceLayout.files(p, SourceLayout::questionFile, SourceLayout.DEPTH);
        if (files.isEmpty()) {
            throw new ConfigException(where + ".path: expected " + (format.equals("vlmevalkit-tsv") ? "*.tsv files"
                    : "LLaVA question files (*.jsonl, coco_pope_*.json)") + " under " + p + " but found none");
        }
        return files;
    }

    /** lmms-lab/egoschema's answered subset: Subset/*.parquet (the videos unpacked beside it in videos/). */
    private static String egoSchemaTable(Path root, String where) {
        List<Path> found = SourceLayout.files(root.resolve("Subset"), SourceLayout::parquet, 1);
        if (found.isEmpty()) {
            throw new ConfigException(where + ".path: expected EgoSchema's answered subset Subset/*.parquet in " + root
                    + " but found none");
        }
        return found.size() == 1 ? found.get(0).toString() : root.resolve("Subset").toString();
    }

    private static String videoMmeTable(Path root, String where) {
        Path nested = root.resolve("videomme");
        List<Path> found = SourceLayout.files(nested, SourceLayout::parquet, 1);
        if (found.isEmpty()) {
            found = SourceLayout.files(root, SourceLayout::parquet, 1);
        }
        if (found.isEmpty()) {
            throw new ConfigException(where + ".path: expected the Video-MME question table videomme/*.parquet or "
                    + "*.parquet in " + root + " but found none");
        }
        if (found.get(0).getParent().equals(nested) || found.size() == 1) {
            return found.size() == 1 ? found.get(0).toString() : nested.toString();
        }
        // A glob of the shards, not the folder: Spark would also list data/ and read its videos as Parquet.
        return root.resolve("*.parquet").toString();
    }

    private static BenchmarkDefinition definition(String benchmark, String where) {
        BenchmarkRegistry r = BenchmarkRegistry.load();
        if (!r.all().containsKey(benchmark)) {
            throw new ConfigException(where + ".benchmark: expected one of " + new java.util.TreeSet<>(r.all().keySet())
                    + ", found \"" + benchmark + "\"");
        }
        return r.get(benchmark);
    }
}
