package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** ShapesVideo (synthetic): exact match after EvalAI normalisation, per question family. */
public final class ShapesVideoBenchmark implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("shapes_video", "test", AnswerType.SHORT_TEXT, LlavaPrompts.SHORT_ANSWER, ExactMatch.normalised("shapes_video"), true, 2);
    }
}
