package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** VQAv2: VQA accuracy with EvalAI normalisation (test-dev answers are hidden; val is scorable). */
public final class VqaV2 implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("vqav2", "val", AnswerType.SHORT_TEXT, LlavaPrompts.SHORT_ANSWER, new VqaAccuracy("vqav2", VqaAccuracy.References.VQAV2), true, 2);
    }
}
