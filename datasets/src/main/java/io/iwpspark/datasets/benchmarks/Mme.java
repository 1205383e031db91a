package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** MME (lmms-lab/MME test): accuracy + accuracy+ per subtask, perception and cognition totals; replies read by the official calculation.py (MmeParser.LMMS_EVAL is the named alternative). */
public final class Mme implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("mme", "test", AnswerType.YES_NO, LlavaPrompts.MME, new MmeScorer(), true, 2);
    }
}
