package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.PromptTemplate;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.Scorer;
import java.util.Objects;

/**
 * What a benchmark is, declaratively (one small class per benchmark, like lmms-eval's task files).
 *
 * @param name           stable name, as in the samples table's benchmark column and result tables
 * @param split          the split evaluated
 * @param answerType     how its answers are read
 * @param prompt         the user-turn text per sample
 * @param scorer         per-sample score and aggregate metrics
 * @param higherIsBetter whether a larger primary metric is better
 * @param version        bumped when the prompt or scorer changes
 */
public record BenchmarkDefinition(String name, String split, AnswerType answerType, PromptTemplate prompt,
                                  Scorer scorer, boolean higherIsBetter, int version) {
    public BenchmarkDefinition {
        if (name == null || !name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("benchmark name: expected [a-z0-9_]+ but found \"" + name + "\"");
        }
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("benchmark " + name + " split: expected a name but found \"" + split + "\"");
        }
        Objects.requireNonNull(answerType, "answerType");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(scorer, "scorer");
        if (version < 1) {
            throw new IllegalArgumentException("benchmark " + name + " version: expected >= 1 but found " + version);
        }
    }
}
