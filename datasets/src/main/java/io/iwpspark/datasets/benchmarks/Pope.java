package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** POPE (lmms-lab/POPE test; LLaVA eval_pope.py metrics per split). */
public final class Pope implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("pope", "test", AnswerType.YES_NO, LlavaPrompts.SHORT_ANSWER, new PopeScorer(), true, 2);
    }
}
