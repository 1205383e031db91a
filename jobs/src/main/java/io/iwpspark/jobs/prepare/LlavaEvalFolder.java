package io.iwpspark.jobs.prepare;

import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.readers.LlavaAnswerFileReader;
import io.iwpspark.datasets.readers.MmeFolderReader;
import io.iwpspark.jobs.config.ConfigException;
import io.iwpspark.jobs.config.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * LLaVA's evaluation folders whose answers live apart from the question file, as
 * scripts/v1_5/eval/{gqa,textvqa,mme}.sh read them (haotian-liu/LLaVA c121f04, docs/Evaluation.md):
 * {@code gqa/llava_gqa_testdev_balanced.jsonl} with {@code gqa/data/testdev_balanced_questions.json}
 * and {@code gqa/data/images/}; {@code textvqa/llava_textvqa_val_v051_ocr.jsonl} with
 * {@code textvqa/TextVQA_0.5.1_val.json} and {@code textvqa/train_images/}; MME's release folder
 * {@code MME_Benchmark_release_version/<subtask>/} (given itself or the folder holding it). The path
 * may also be the question file. {@code images:} replaces the image folder.
 */
final class LlavaEvalFolder {
    static final String GQA = "llava-gqa";
    static final String TEXTVQA = "llava-textvqa";
    static final String MME = "mme-folder";
    /** format -> (benchmark, question file pattern, answer file name, image folders tried). */
    private record Layout(String benchmark, String questions, String answers, List<String> images) {}

    private static final Map<String, Layout> LAYOUTS = Map.of(
            GQA, new Layout("gqa", "llava_gqa_testdev_balanced.jsonl", "testdev_balanced_questions.json",
                    List.of("data/images", "images")),
            TEXTVQA, new Layout("textvqa", "llava_textvqa_val_v051_ocr.jsonl", "TextVQA_0.5.1_val.json",
                    List.of("train_images", "train_val_images/train_images", "images")));

    /** What the detection looked for, for the error that names it. */
    static final String LOOKED_FOR = "llava_gqa_testdev_balanced.jsonl with testdev_balanced_questions.json (llava-gqa), "
            + "llava_textvqa_val_v051_ocr.jsonl with TextVQA_0.5.1_val.json (llava-textvqa), MME subtask folders "
            + "such as OCR/ or artwork/questions_answers_YN/ (mme-folder)";

    private LlavaEvalFolder() {}

    /** The layout these files show, or null. */
    static String detect(Path p) {
        if (mmeRelease(p) != null) {
            return MME;
        }
        for (String format : List.of(GQA, TEXTVQA)) {
            Layout l = LAYOUTS.get(format);
            Path q = Files.isRegularFile(p) ? p : p.resolve(l.questions);
            if (q.getFileName().toString().equals(l.questions) && Files.isRegularFile(q) && answers(q.getParent(), l) != null) {
                return format;
            }
        }
        return null;
    }

    static void check(SourceSpec s, String format, String where) {
        String fixed = format.equals(MME) ? "mme" : LAYOUTS.get(format).benchmark;
        if (!s.benchmark().equals(fixed)) {
            throw new ConfigException(where + ".benchmark: format " + format + " writes benchmark " + fixed + ", found \""
                    + s.benchmark() + "\"");
        }
        if (format.equals(MME)) {
            release(s, where);
        } else {
            files(s, format, where);
        }
    }

    static Dataset<Row> read(SparkSession spark, SourceSpec s, String format, int partitions, String where) {
        String split = BenchmarkRegistry.load().get(s.benchmark()).split();
        if (format.equals(MME)) {
            Path release = release(s, where);
            try {
                return new MmeFolderReader(s.benchmark(), split).read(spark, release.toString(),
                        MmeFolderReader.questionFiles(release), partitions);
            } catch (IOException e) {
                throw new UncheckedIOException(where + ": listing " + release, e);
            }
        }
        String[] f = files(s, format, where);
        String answers = Path.of(f[1]).getFileName().toString();
        LlavaAnswerFileReader r = format.equals(GQA) ? LlavaAnswerFileReader.gqa(s.benchmark(), split, answers)
                : LlavaAnswerFileReader.textVqa(s.benchmark(), split, answers);
        return r.read(spark, f[0], f[1], f[2], partitions);
    }

    /**
     * {@code iwp prepare --list}: the records these files hold, from line counts only (one question per
     * non-blank line of the question file, or of MME's .txt files); adds a line per file read.
     */
    static long list(SourceSpec s, String format, String where, List<String> lines) throws IOException {
        if (format.equals(MME)) {
            Path release = release(s, where);
            List<String> files = MmeFolderReader.questionFiles(release);
            long total = 0;
            for (String f : files) {
                total += SourceListing.jsonLines(release.resolve(f));
            }
            lines.add(files.size() + " question files under " + release + ": " + total + " lines");
            return total;
        }
        String[] f = files(s, format, where);
        long questions = SourceListing.jsonLines(Path.of(f[0]));
        lines.add(Path.of(f[0]).getFileName() + ": " + questions + " lines");
        lines.add("answers: " + f[1] + " (" + Files.size(Path.of(f[1])) + " bytes, joined when read)");
        lines.add("images: " + f[2]);
        return questions;
    }

    /** Question file, answer file, image folder; an error names what was looked for and where. */
    private static String[] files(SourceSpec s, String format, String where) {
        Layout l = LAYOUTS.get(format);
        Path p = Path.of(s.path());
        Path q = Files.isRegularFile(p) ? p : p.resolve(l.questions);
        if (!Files.isRegularFile(q)) {
            throw new ConfigException(where + ".path: format " + format + " expected LLaVA's question file " + l.questions
                    + " in " + p + " but found none");
        }
        Path dir = q.toAbsolutePath().getParent();
        Path a = answers(dir, l);
        if (a == null) {
            throw new ConfigException(where + ".path: format " + format + " expected " + l.answers + " in " + dir + " or "
                    + dir.resolve("data") + " but found none");
        }
        String images = s.images();
        if (images == null) {
            images = l.images.stream().map(dir::resolve).filter(Files::isDirectory).findFirst().map(Path::toString)
                    .orElseThrow(() -> new ConfigException(where + ".path: format " + format + " expected an image folder "
                            + l.images + " in " + dir + " but found none (or give images:)"));
        }
        return new String[] {q.toString(), a.toString(), images};
    }

    private static Path answers(Path dir, Layout l) {
        for (Path a : List.of(dir.resolve(l.answers), dir.resolve("data").resolve(l.answers))) {
            if (Files.isRegularFile(a)) {
                return a;
            }
        }
        return null;
    }

    private static Path release(SourceSpec s, String where) {
        Path r = mmeRelease(Path.of(s.path()));
        if (r == null) {
            throw new ConfigException(where + ".path: format " + MME + " expected MME subtask folders (" + MmeFolderReader.SUBTASKS
                    + ") holding .txt question files in " + s.path() + " or up to 2 folders below it but found none");
        }
        return r;
    }

    /** The folder holding MME subtask folders with question files: {@code p} or one up to two levels below. */
    static Path mmeRelease(Path p) {
        if (!Files.isDirectory(p)) {
            return null;
        }
        try (Stream<Path> dirs = Files.walk(p, 2)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(LlavaEvalFolder::holdsSubtasks).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + p, e);
        }
    }

    private static boolean holdsSubtasks(Path d) {
        try {
            return !MmeFolderReader.questionFiles(d).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
