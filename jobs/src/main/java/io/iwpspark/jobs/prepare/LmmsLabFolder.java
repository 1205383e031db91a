package io.iwpspark.jobs.prepare;

import io.iwpspark.datasets.readers.LmmsLabFormat;
import io.iwpspark.jobs.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Parquet shards of one benchmark in a folder as {@code huggingface-cli download lmms-lab/<name>
 * --repo-type dataset --local-dir DIR} writes it: {@code <config>/<split>-NNNNN-of-NNNNN.parquet} (or
 * {@code data/...}), several splits and configs side by side. The shards kept are those of the
 * reader's split ({@code val} also matches {@code validation}), inside the benchmark's config folder
 * when it has one (MMBench {@code en/}, ScienceQA {@code ScienceQA-IMG/}).
 */
final class LmmsLabFolder {
    private static final Map<String, String> CONFIG_FOLDER = Map.of("mmbench_en", "en", "scienceqa_img", "ScienceQA-IMG");

    private LmmsLabFolder() {}

    static LmmsLabFormat format(String benchmark, String where) {
        for (LmmsLabFormat f : LmmsLabFormat.values()) {
            if (f.benchmark.equals(benchmark)) {
                return f;
            }
        }
        throw new ConfigException(where + ".benchmark: the lmms-lab reader knows "
                + java.util.Arrays.stream(LmmsLabFormat.values()).map(f -> f.benchmark).toList() + ", found \"" + benchmark + "\"");
    }

    /** The shards of {@code format}'s split under {@code root} (or {@code root} itself when it is one file). */
    static List<String> shards(Path root, LmmsLabFormat format, String where) {
        if (Files.isRegularFile(root)) {
            return List.of(root.toString());
        }
        String config = CONFIG_FOLDER.get(format.benchmark);
        Path dir = config != null && !SourceLayout.files(root.resolve(config), SourceLayout::parquet, SourceLayout.DEPTH).isEmpty()
                ? root.resolve(config) : root;
        List<Path> all = SourceLayout.files(dir, SourceLayout::parquet, SourceLayout.DEPTH);
        List<String> split = all.stream().filter(f -> ofSplit(f, format.split)).map(Path::toString).toList();
        if (split.isEmpty()) {
            throw new ConfigException(where + ".path: expected lmms-lab Parquet shards of split " + format.split
                    + " (" + format.split + "-*.parquet or " + format.split + "/*.parquet) under " + dir + " but found "
                    + (all.isEmpty() ? "no .parquet file" : all.stream().limit(5).map(f -> dir.relativize(f).toString()).toList()));
        }
        return split;
    }

    /**
     * GQA: the question table {@code testdev_balanced_instructions/} and the image table
     * {@code testdev_balanced_images/} (lmms-lab/GQA), as two folders.
     */
    static String[] gqaTables(Path root, String where) {
        Path q = root.resolve("testdev_balanced_instructions");
        Path images = root.resolve("testdev_balanced_images");
        for (Path p : List.of(q, images)) {
            if (SourceLayout.files(p, SourceLayout::parquet, 1).isEmpty()) {
                throw new ConfigException(where + ".path: GQA (lmms-lab/GQA) needs Parquet shards in " + p + ", found none");
            }
        }
        return new String[] {q.toString(), images.toString()};
    }

    private static boolean ofSplit(Path f, String split) {
        String name = f.getFileName().toString();
        String parent = f.getParent() == null ? "" : f.getParent().getFileName().toString();
        for (String s : split.equals("val") ? List.of("val", "validation") : List.of(split)) {
            if (name.startsWith(s + "-") || name.equals(s + ".parquet") || parent.equals(s)) {
                return true;
            }
        }
        return false;
    }
}
