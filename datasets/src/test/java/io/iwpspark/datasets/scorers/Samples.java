package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import java.util.Map;

/** Small samples for scorer tests (one dummy image byte). */
final class Samples {
    private Samples() {
    }

    static Sample open(String id, String category, List<String> answers) {
        return new Sample(id, "t", "test", category, MediaKind.IMAGE, List.of(new byte[] {1}), "q?", List.of(),
                answers, AnswerType.SHORT_TEXT, Map.of(), null);
    }

    static Sample yesNo(String id, String category, String answer, Map<String, String> meta) {
        return new Sample(id, "t", "test", category, MediaKind.IMAGE, List.of(new byte[] {1}), "q?", List.of(),
                List.of(answer), AnswerType.YES_NO, meta, null);
    }

    static Sample choice(String id, String category, List<String> options, String answer, Map<String, String> meta) {
        return new Sample(id, "t", "test", category, MediaKind.IMAGE, List.of(new byte[] {1}), "q?", options,
                List.of(answer), AnswerType.MULTIPLE_CHOICE, meta, null);
    }
}
