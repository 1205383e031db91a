package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** Video-MME: option-letter accuracy; letters read with the MVBench rule. */
public final class VideoMme implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("videomme", "test", AnswerType.MULTIPLE_CHOICE, LlavaPrompts.VIDEO_MME, new MultipleChoiceScorer("videomme", MultipleChoiceScorer.Reading.MVBENCH), true, 1);
    }
}
