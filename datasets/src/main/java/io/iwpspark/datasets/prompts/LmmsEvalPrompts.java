package io.iwpspark.datasets.prompts;

import io.iwpspark.datasets.schema.AnswerType;

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

    /**
     * mmmu/utils.py construct_prompt (mmmu_val.yaml, non-interleaved: "&lt;image i&gt;" stays in the text):
     * multiple choice = question, "A. option" lines, blank line, the letter instruction; open =
     * question, blank line, the short-answer instruction.
     */
    public static final PromptTemplate MMMU = s -> s.answerType() == AnswerType.MULTIPLE_CHOICE
            ? s.question() + "\n" + LlavaPrompts.lettered(s.options(), ". ", "\n") + "\n\n" + LETTER
            : s.question() + "\n\n" + LlavaPrompts.SHORT.substring(1);

    /**
     * egoschema/utils.py egoschema_doc_to_text: question, each option on its own line as published
     * ("A. ...", the prefix the reader took off put back), the letter instruction.
     */
    public static final PromptTemplate EGOSCHEMA = s -> s.question() + "\n" + LlavaPrompts.lettered(s.options(), ". ", "\n")
            + LlavaPrompts.LETTER;
}
