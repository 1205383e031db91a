package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** ScienceQA-IMG test: option-letter accuracy as LLaVA eval_science_qa.py. */
public final class ScienceQaImg implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("scienceqa_img", "test", AnswerType.MULTIPLE_CHOICE, LlavaPrompts.SCIENCE_QA, new MultipleChoiceScorer("scienceqa_img", MultipleChoiceScorer.Reading.SCIENCE_QA), true, 2);
    }
}
