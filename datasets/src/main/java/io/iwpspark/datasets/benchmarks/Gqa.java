package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** GQA testdev-balanced: exact match as LLaVA convert_gqa_for_eval + the GQA script. */
public final class Gqa implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("gqa", "testdev_balanced", AnswerType.SHORT_TEXT, LlavaPrompts.SHORT_ANSWER, ExactMatch.gqa("gqa"), true, 2);
    }
}
