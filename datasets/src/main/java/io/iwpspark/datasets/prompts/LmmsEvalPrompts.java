package io.iwpspark.datasets.prompts;

/**
 * Prompts of the benchmarks added from lmms-eval, as its doc_to_text writes them with the default
 * lmms_eval_specific_kwargs (the ones LLaVA runs get), EvolvingLMMs-Lab/lmms-eval 75571cf.
 */
public final class LmmsEvalPrompts {
    private static final String LETTER = LlavaPrompts.LETTER.substring(1);

    private LmmsEvalPrompts() {
    }

    /** seedbench/utils.py seed_doc_to_text: question, "A. option" lines, the letter instruction. */
    public static final PromptTemplate SEED_BENCH = s -> s.question() + "\n" + LlavaPrompts.lettered(s.options(), ". ", "\n")
            + LlavaPrompts.LETTER;

    /** ocrbench/utils.py ocrbench_doc_to_text: the stripped question (pre and post prompt empty). */
    public static final PromptTemplate OCRBENCH = s -> s.question().strip();

}
