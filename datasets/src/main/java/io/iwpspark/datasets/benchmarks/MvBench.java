package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** MVBench: option-letter accuracy as lmms-eval mcq_acc. */
public final class MvBench implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("mvbench", "test", AnswerType.MULTIPLE_CHOICE, LlavaPrompts.MVBENCH, new MultipleChoiceScorer("mvbench", MultipleChoiceScorer.Reading.MVBENCH), true, 2);
    }
}
