package io.iwpspark.datasets.prompts;

import io.iwpspark.datasets.schema.Sample;

/**
 * The user-turn text a benchmark's evaluation gives the model for a sample, without the image
 * token and the conversation template (the model runtime adds those, as LLaVA's
 * {@code DEFAULT_IMAGE_TOKEN + '\n' + qs} and {@code conv_templates} do).
 */
@FunctionalInterface
public interface PromptTemplate {
    String render(Sample sample);
}
