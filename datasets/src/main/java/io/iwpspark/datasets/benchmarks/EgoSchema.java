package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LmmsEvalPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** EgoSchema, the 500-question subset with answers: option-letter accuracy as lmms-eval egoschema/utils.py (75571cf). */
public final class EgoSchema implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("egoschema", "test", AnswerType.MULTIPLE_CHOICE, LmmsEvalPrompts.EGOSCHEMA, new EgoSchemaScorer(), true, 1);
    }
}
