package io.iwpspark.datasets.scorers;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How official scripts read an option letter out of a reply. */
public final class OptionLetter {
    /** What ScienceQA's LLaVA script records when it reads no letter. */
    public static final String FAILED = "FAILED";
    private static final List<String> SQA_LETTERS = List.of("A", "B", "C", "D", "E");
    /** Python's '.' stops only at '\n': UNIX_LINES. */
    private static final Pattern ANSWER_IS = Pattern.compile("The answer is ([A-Z]).", Pattern.UNIX_LINES);
    private static final Pattern MV_OPTION = Pattern.compile("^([A-Ea-e])\\." + PyStr.SPACE_CLASS + "*(.+)$",
            Pattern.UNIX_LINES);
    private static final Pattern ABCD = Pattern.compile("[ABCD]");
    /** Video-MME's answer prefixes as the list literally reads (two pairs are joined by a missing comma). */
    private static final List<String> VIDEO_MME_PREFIXES = List.of("The best answer is", "The correct answer is",
            "The answer is", "The answer", "The best option isThe correct option is", "Best answer:Best option:");

    private OptionLetter() {
    }

    /**
     * LLaVA's llava/eval/eval_science_qa.py as merged (haotian-liu/LLaVA c121f04), on the stripped
     * reply: the reply itself is one of A..E; or it starts "X. "; or "The answer is X" followed by
     * one more character (not a line break) occurs exactly once, X any capital. Else {@link #FAILED}.
     * So "The answer is B" at the very end is FAILED, and a newline is not rewritten.
     */
    public static String scienceQa(String reply) {
        String text = PyStr.strip(reply);
        if (SQA_LETTERS.contains(text)) {
            return text;
        }
        if (PyStr.len(text) >= 3 && SQA_LETTERS.contains(text.substring(0, 1)) && text.startsWith(". ", 1)) {
            return text.substring(0, 1);
        }
        Matcher m = ANSWER_IS.matcher(text);
        String found = null;
        int count = 0;
        while (m.find()) {
            found = m.group(1);
            count++;
        }
        return count == 1 ? found : FAILED;
    }

    /**
     * Video-MME's extract_characters_regex (lmms-eval tasks/videomme/utils.py at d0c1eae, before
     * #1274): stripped, the answer prefixes removed, then the first capital A..D anywhere, so
     * "Answer: C" reads A and a lone "b" reads nothing (the script's ten-word rule only ever
     * returns what this returns too). Returns "" when nothing is read.
     */
    public static String videoMme(String reply) {
        String s = PyStr.strip(reply);
        for (String prefix : VIDEO_MME_PREFIXES) {
            s = s.replace(prefix, "");
        }
        Matcher m = ABCD.matcher(s);
        return m.find() ? m.group() : "";
    }

    /**
     * lmms-eval's MVBench mcq_acc process (tasks/mvbench/utils.py, EvolvingLMMs-Lab/lmms-eval
     * 75571cf): "X. text" (any case) gives X; otherwise tabs and newlines become spaces, the VQA
     * punctuation rule applies, quotes and parentheses are stripped from the ends, the text is
     * lower-cased and the first standalone letter a..e is read ("a cat" reads A). Returns the
     * processed text when no letter is found.
     */
    public static String mvBench(String reply) {
        Matcher m = MV_OPTION.matcher(PyStr.strip(reply));
        if (m.find()) {
            return m.group(1).toUpperCase(java.util.Locale.ROOT);
        }
        String a = PyStr.strip(reply.replace("\n", " ").replace("\t", " "));
        String out = EvalAiAnswer.vqaEvalPunctuation(a);
        out = PyStr.strip(PyStr.strip(PyStr.strip(PyStr.strip(out, "'"), "\""), ")"), "(");
        out = PyStr.lower(PyStr.strip(out));
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            boolean letter = (c >= 'A' && c <= 'E') || (c >= 'a' && c <= 'e');
            if (letter && (i == 0 || !PyStr.isWord(out.codePointBefore(i)))
                    && (i + 1 == out.length() || !PyStr.isWord(out.codePointAt(i + 1)))) {
                return String.valueOf(c).toUpperCase(java.util.Locale.ROOT);
            }
        }
        return out;
    }
}
