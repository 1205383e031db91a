package io.iwpspark.datasets.benchmarks;

import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.scorers.*;

/** TextVQA val: VQA accuracy as LLaVA m4c_evaluator, OCR tokens in the prompt (version 3: the reference line kept when empty). */
public final class TextVqa implements BenchmarkProvider {
    @Override
    public BenchmarkDefinition definition() {
        return new BenchmarkDefinition("textvqa", "validation", AnswerType.SHORT_TEXT, LlavaPrompts.TEXTVQA, new VqaAccuracy("textvqa", VqaAccuracy.References.TEXTVQA), true, 3);
    }
}
