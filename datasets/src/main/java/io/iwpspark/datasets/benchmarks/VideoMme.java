package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** Video-MME: option-letter accuracy; letters read with its own extract_characters_regex (lmms-eval d0c1eae). */
public final class VideoMme implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("videomme", "test", AnswerType.MULTIPLE_CHOICE, LlavaPrompts.VIDEO_MME, new MultipleChoiceScorer("videomme", MultipleChoiceScorer.Reading.VIDEO_MME), true, 2);
    }
}
