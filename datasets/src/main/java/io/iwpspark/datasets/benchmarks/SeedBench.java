package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LmmsEvalPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** SEED-Bench (image rows of lmms-lab/SEED-Bench): option-letter accuracy as lmms-eval seedbench/utils.py (75571cf). */
public final class SeedBench implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("seedbench", "test", AnswerType.MULTIPLE_CHOICE, LmmsEvalPrompts.SEED_BENCH, new SeedBenchScorer(), true, 1);
    }
}
