package io.iwpspark.datasets.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One row of the unified samples table: one question about one image or video, translated from a
 * benchmark's own format at the border (readers) or generated (synthetic). An error row has a
 * non-null {@code error} naming the file, line or field that could not be read, and empty media.
 * Column names and types are in docs/SCHEMA-samples.md.
 *
 * @param id         stable sample id, unique within (benchmark, split); for error rows the best id
 *                   the reader could form (e.g. "file.tsv:17")
 * @param benchmark  stable benchmark name, as in the benchmark registry ("pope", "mme", ...)
 * @param split      split name of the benchmark ("test", "val", "testdev", "dev", ...)
 * @param category   category, subset or question family (POPE: adversarial/popular/random; MME:
 *                   subtask; ShapesVQA: question family); "" when the benchmark has none
 * @param mediaKind  what {@code media} holds
 * @param media      encoded images: one per image, or a video's frames in time order; empty for
 *                   error rows
 * @param question   the raw question text, without any benchmark prompt suffix
 * @param options    multiple-choice option texts in letter order (A first); empty otherwise
 * @param answers    reference answers: one for most benchmarks, ten human answers for VQAv2 and
 *                   TextVQA, an option letter for multiple choice; empty when the split has none
 * @param answerType how answers are to be read
 * @param metadata   everything else a prompt or scorer needs (hint, image id, circular group,
 *                   source file and line, ...), keys in snake_case
 * @param error      null for a good row; otherwise why the source record could not be read
 */
public record Sample(
        String id,
        String benchmark,
        String split,
        String category,
        MediaKind mediaKind,
        List<byte[]> media,
        String question,
        List<String> options,
        List<String> answers,
        AnswerType answerType,
        Map<String, String> metadata,
        String error) {

    public Sample {
        requireText(id, "id");
        requireText(benchmark, "benchmark");
        requireText(split, "split");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(mediaKind, "mediaKind");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answerType, "answerType");
        media = List.copyOf(media);
        options = List.copyOf(options);
        answers = List.copyOf(answers);
        metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
        if (error != null) {
            if (error.isBlank()) {
                throw new IllegalArgumentException("error: expected null or a reason but found a blank string");
            }
            if (!media.isEmpty()) {
                throw new IllegalArgumentException("media: an error row has no media but found "
                        + media.size() + " item(s) for id " + id);
            }
        } else if ((mediaKind == MediaKind.NONE) != media.isEmpty()) {
            throw new IllegalArgumentException("media: kind " + mediaKind + " with " + media.size()
                    + " item(s) for id " + id);
        }
        if (answerType == AnswerType.MULTIPLE_CHOICE && error == null) {
            for (String a : answers) {
                int k = Letters.index(a);
                if (k < 0 || k >= options.size()) {
                    throw new IllegalArgumentException("answers: expected an option letter in "
                            + Letters.first(options.size()) + " but found \"" + a + "\" for id " + id);
                }
            }
        }
    }

    /** An error row: media empty, the reason naming file, line or field. */
    public static Sample error(String id, String benchmark, String split, String reason,
                               Map<String, String> metadata) {
        return new Sample(id, benchmark, split, "", MediaKind.NONE, List.of(), "", List.of(), List.of(),
                AnswerType.SHORT_TEXT, metadata, reason);
    }

    public boolean isError() {
        return error != null;
    }

    public String meta(String key) {
        return metadata.getOrDefault(key, "");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": expected a non-blank string but found "
                    + (value == null ? "null" : "\"" + value + "\""));
        }
    }
}
