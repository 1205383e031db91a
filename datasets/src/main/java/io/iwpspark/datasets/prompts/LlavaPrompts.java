package io.iwpspark.datasets.prompts;

import io.iwpspark.datasets.schema.Letters;
import io.iwpspark.datasets.schema.Sample;
import java.util.List;

/**
 * Prompt templates as LLaVA-1.5's evaluation writes them (question files and
 * llava/eval/model_vqa_*.py), and for video the benchmarks' own evaluation prompts.
 */
public final class LlavaPrompts {
    /** LLaVA-1.5's suffix for short-answer VQA (VQAv2, GQA, TextVQA, POPE, MME, VizWiz). */
    public static final String SHORT = "\nAnswer the question using a single word or phrase.";
    /** LLaVA-1.5's suffix for multiple choice (--single-pred-prompt). */
    public static final String LETTER = "\nAnswer with the option's letter from the given choices directly.";
    /** MME's own instruction, replaced by {@link #SHORT} in LLaVA-1.5's MME prompt. */
    public static final String MME_INSTRUCTION = " Please answer yes or no.";
    private static final String VIDEO_MME_HEAD = "Select the best answer to the following multiple-choice question "
            + "based on the video. Respond with only the letter (A, B, C, or D) of the correct option.\n";

    private LlavaPrompts() {
    }

    /** question + SHORT. */
    public static final PromptTemplate SHORT_ANSWER = s -> s.question() + SHORT;

    /**
     * MME: its own " Please answer yes or no." is replaced by the short-answer suffix, as in
     * LLaVA's llava_mme.jsonl (whose convert_answer_to_mme.py adds the instruction back, with one
     * or two spaces, to find the official question).
     */
    public static final PromptTemplate MME = s -> s.question().strip().replace(MME_INSTRUCTION, "").strip() + SHORT;

    /**
     * TextVQA: the OCR tokens (metadata "ocr_tokens", comma separated) are given as a reference line,
     * kept when there are none ("Reference OCR token: " and nothing after it, as in 115 lines of LLaVA's
     * llava_textvqa_val_v051_ocr.jsonl); a sample without that metadata key has no such line.
     */
    public static final PromptTemplate TEXTVQA = s -> s.question()
            + (s.metadata().containsKey("ocr_tokens") ? "\nReference OCR token: " + s.meta("ocr_tokens") : "") + SHORT;

    /** ScienceQA-IMG: "Context: hint" line when there is a hint, the question, "A. option" lines, LETTER. */
    public static final PromptTemplate SCIENCE_QA = s -> {
        String hint = s.meta("hint");
        return (hint.isEmpty() ? "" : "Context: " + hint + "\n") + s.question() + "\n"
                + lettered(s.options(), ". ", "\n") + LETTER;
    };

    /** MMBench (model_vqa_mmbench.py): hint line when there is one, question, "\nA. option" per option, LETTER. */
    public static final PromptTemplate MMBENCH = s -> {
        String hint = s.meta("hint");
        return (hint.isEmpty() ? "" : hint + "\n") + s.question() + "\n" + lettered(s.options(), ". ", "\n") + LETTER;
    };

    /** MVBench (lmms-eval): "Question:" + question, "Option:" and "(A) option" lines, then LETTER's sentence. */
    public static final PromptTemplate MVBENCH = s -> "Question:" + s.question() + "\nOption:\n"
            + lettered(s.options(), ") ", "\n", "(") + "\n" + LETTER.substring(1);

    /** Video-MME's evaluation prompt. */
    public static final PromptTemplate VIDEO_MME = s -> VIDEO_MME_HEAD + s.question() + "\n"
            + lettered(s.options(), ". ", "\n") + "\nThe best answer is:";

    static String lettered(List<String> options, String sep, String join) {
        return lettered(options, sep, join, "");
    }

    static String lettered(List<String> options, String sep, String join, String open) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < options.size(); i++) {
            if (i > 0) {
                sb.append(join);
            }
            sb.append(open).append(Letters.of(i)).append(sep).append(options.get(i));
        }
        return sb.toString();
    }

    /** Rejects a sample the template cannot render (an error row), naming it. */
    public static String render(PromptTemplate t, Sample s) {
        if (s.isError()) {
            throw new IllegalArgumentException("prompt: sample " + s.id() + " is an error row (" + s.error() + ")");
        }
        return t.render(s);
    }
}
