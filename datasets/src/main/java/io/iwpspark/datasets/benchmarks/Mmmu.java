package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LmmsEvalPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** MMMU validation: multiple-choice and open questions scored by MMMU's eval utilities as lmms-eval mmmu/utils.py (75571cf) uses them; open questions are SHORT_TEXT samples. */
public final class Mmmu implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("mmmu", "validation", AnswerType.MULTIPLE_CHOICE, LmmsEvalPrompts.MMMU, new MmmuScorer(), true, 1);
    }
}
