package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LmmsEvalPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** OCRBench: substring match per question type, out of 1000, as lmms-eval ocrbench/utils.py (75571cf). */
public final class OcrBench implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("ocrbench", "test", AnswerType.SHORT_TEXT, LmmsEvalPrompts.OCRBENCH, new OcrBenchScorer(), true, 1);
    }
}
