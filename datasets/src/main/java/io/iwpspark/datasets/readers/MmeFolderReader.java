package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SampleRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * MME as its authors release it ({@code MME_Benchmark_release_version/}, BradyFU/Awesome-Multimodal-
 * Large-Language-Models, Evaluation branch): one folder per subtask, holding either {@code images/}
 * and {@code questions_answers_YN/<stem>.txt} (artwork, celebrity, landmark, posters, scene) or each
 * image beside its {@code <stem>.txt} (the other nine). Each .txt line is "question\tYes" or
 * "question\tNo", two per image. A line is read as LLaVA's convert_answer_to_mme.py get_gt reads
 * the ground truth ({@code line.strip().split('\t')}: exactly two fields); its image is the .txt's
 * stem with .jpg, .png or .jpeg in the image folder. The id is the image path in the release folder
 * (LLaVA's llava_mme.jsonl question_id) followed by "#" and the line number; metadata "image_id" is
 * that path, so the scorer pairs an image's two questions. One row per line, errors included.
 */
public final class MmeFolderReader implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The 14 subtasks, as folder names of the release. */
    public static final List<String> SUBTASKS = List.of("existence", "count", "position", "color", "posters", "celebrity",
            "scene", "landmark", "artwork", "OCR", "commonsense_reasoning", "numerical_calculation", "text_translation",
            "code_reasoning");
    static final String SPLIT_FOLDER = "questions_answers_YN";
    private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".png", ".jpeg");

    private final String benchmark;
    private final String split;
    private final boolean mediaOutside;

    public MmeFolderReader(String benchmark, String split) {
        this(benchmark, split, false);
    }

    private MmeFolderReader(String benchmark, String split, boolean mediaOutside) {
        this.benchmark = benchmark;
        this.split = split;
        this.mediaOutside = mediaOutside;
    }

    /** A reader that follows image symlinks out of the release folder. */
    public MmeFolderReader allowMediaOutsideFolder() {
        return new MmeFolderReader(benchmark, split, true);
    }

    /**
     * The question files under {@code release} (the folder holding the subtask folders), relative to
     * it and sorted: {@code <subtask>/questions_answers_YN/*.txt} where that folder exists, else
     * {@code <subtask>/*.txt}. Folders not named as a subtask (eval_tool/, ...) are not read.
     */
    public static List<String> questionFiles(Path release) throws IOException {
        List<String> out = new ArrayList<>();
        for (String subtask : SUBTASKS) {
            Path dir = release.resolve(subtask);
            Path qa = Files.isDirectory(dir.resolve(SPLIT_FOLDER)) ? dir.resolve(SPLIT_FOLDER) : dir;
            if (!Files.isDirectory(qa)) {
                continue;
            }
            try (var s = Files.list(qa)) {
                s.filter(f -> f.getFileName().toString().endsWith(".txt") && Files.isRegularFile(f))
                        .map(f -> release.relativize(f).toString().replace('\\', '/')).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** Every line of the question files as one row, read on the executors and spread over {@code partitions}. */
    public Dataset<Row> read(SparkSession spark, String release, List<String> questionFiles, int partitions) {
        FlatMapFunction<String, Row> split = f -> LlavaJsonlReader.lines(Path.of(release).resolve(f), f).iterator();
        MapFunction<Row, Row> translate = l -> SampleRows.toRow(line(l, Path.of(release)));
        return spark.createDataset(questionFiles, Encoders.STRING()).flatMap(split, Encoders.row(LlavaJsonlReader.LINE))
                .repartition(partitions).map(translate, Encoders.row(SampleRows.SCHEMA));
    }

    /** The rows of one question file (given relative to {@code release}), read here. */
    public List<Sample> read(Path release, String questionFile) throws IOException {
        List<Sample> out = new ArrayList<>();
        for (Row l : LlavaJsonlReader.lines(release.resolve(questionFile), questionFile)) {
            out.add(line(l, release));
        }
        return out;
    }

    /** A row of {@link LlavaJsonlReader#LINE} whose category column holds the question file's relative path. */
    private Sample line(Row l, Path release) {
        String file = l.getString(4);
        long n = l.getLong(1);
        if (!l.isNullAt(3)) {
            return ErrorRows.of(benchmark, split, file, "line", n, l.getString(3));
        }
        try {
            return sample(file, n, l.getString(2), release);
        } catch (BadRecordException | IllegalArgumentException e) {
            return ErrorRows.of(benchmark, split, file, "line", n, e.getMessage());
        }
    }

    private Sample sample(String file, long n, String text, Path release) throws BadRecordException {
        String[] fields = text.strip().split("\t", -1);
        if (fields.length != 2) {
            throw new BadRecordException("expected \"question<TAB>answer\" (2 tab-separated fields) but found " + fields.length);
        }
        String answer = fields[1];
        if (!answer.equalsIgnoreCase("yes") && !answer.equalsIgnoreCase("no")) {
            throw new BadRecordException("field answer: expected Yes or No but found \"" + answer + "\"");
        }
        String image = image(file, release);
        byte[] bytes = MediaFiles.imageFile("image", MediaFiles.confined("image", release, image, mediaOutside));
        String subtask = file.substring(0, file.indexOf('/'));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", file + ":" + n);
        meta.put("image_id", image);
        return new Sample(image + "#" + n, benchmark, split, subtask, MediaKind.IMAGE, List.of(bytes), fields[0], List.of(),
                List.of(answer), AnswerType.YES_NO, meta, null);
    }

    /** The image of a question file, relative to the release folder: its stem with an image extension. */
    private static String image(String file, Path release) throws BadRecordException {
        Path txt = Path.of(file);
        Path dir = txt.getParent();
        if (dir.getFileName().toString().equals(SPLIT_FOLDER)) {
            dir = dir.resolveSibling("images");
        }
        String name = txt.getFileName().toString();
        String stem = name.substring(0, name.length() - ".txt".length());
        for (String ext : IMAGE_EXTENSIONS) {
            Path p = dir.resolve(stem + ext);
            if (Files.isRegularFile(release.resolve(p))) {
                return p.toString().replace('\\', '/');
            }
        }
        throw new BadRecordException("field image: expected " + dir + "/" + stem + IMAGE_EXTENSIONS.toString().replace(", ", "|")
                .toLowerCase(Locale.ROOT) + " but found none");
    }
}
