package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** MMBench-EN dev: circular evaluation over option rotations, letters read as VLMEvalKit (rules, no GPT judge). */
public final class MmbenchEn implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("mmbench_en", "dev", AnswerType.MULTIPLE_CHOICE, LlavaPrompts.MMBENCH, new CircularScorer("mmbench_en"), true, 2);
    }
}
