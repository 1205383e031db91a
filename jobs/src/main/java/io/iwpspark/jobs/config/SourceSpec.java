package io.iwpspark.jobs.config;

import java.util.List;

/**
 * One downloaded benchmark that {@code iwp prepare} reads into the samples table (sweep key {@code sources}).
 *
 * @param benchmark the benchmark name written in the table, e.g. {@code pope}
 * @param path      the downloaded file or folder (absolute, resolved against the working directory)
 * @param format    one of {@link #FORMATS}, or null: found from the files when preparing
 * @param images    LLaVA question files only: the image folder (null: {@code images/} beside the file, else its folder;
 *                  llava-gqa / llava-textvqa: {@code data/images/} / {@code train_images/} as LLaVA's scripts read them)
 */
public record SourceSpec(String benchmark, String path, String format, String images) implements java.io.Serializable {
    /** Layouts the readers know, as written in the YAML. */
    public static final List<String> FORMATS = List.of("lmms-lab", "llava-jsonl", "vlmevalkit-tsv", "mvbench", "videomme",
            "egoschema", "llava-gqa", "llava-textvqa", "mme-folder");

    public SourceSpec {
        if (benchmark == null || !benchmark.matches("[a-z0-9_]+")) {
            throw new ConfigException("benchmark must be a name of [a-z0-9_]+, found \"" + benchmark + "\"");
        }
        if (path == null || path.isBlank()) {
            throw new ConfigException("path must be set, found nothing");
        }
        if (format != null && !FORMATS.contains(format)) {
            throw new ConfigException("format must be one of " + FORMATS + " (or absent: found from the files), found \""
                    + format + "\"");
        }
    }
}
