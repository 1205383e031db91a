package io.iwpspark.datasets.scorers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EvalAI VQA answer normalisation: EvalAIAnswerProcessor in LLaVA's llava/eval/m4c_evaluator.py
 * (haotian-liu/LLaVA c121f04; the same class is lmms-eval's vqa_eval_metric.py) and the
 * processPunctuation / processDigitArticle of the VQA challenge's vqaEval.py (GT-Vision-Lab/VQA
 * a013f00). Lower case, punctuation, periods, number words, articles, contractions, in that order,
 * with Python's notions of whitespace and digits. Quirks kept: the period pattern's "lookbehind" is
 * really a lookahead (so every '.' not followed by a digit goes) and at most 32 periods are removed
 * (the original passes re.UNICODE as re.sub's count).
 */
public final class EvalAiAnswer {
    private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern PERIOD_STRIP = Pattern.compile("(?!<=\\d)(\\.)(?!\\d)", FLAGS);
    /** m4c_evaluator's COMMA_STRIP: one or more commas between digits. */
    private static final Pattern COMMA_RUN = Pattern.compile("(?<=\\d)(,)+(?=\\d)", FLAGS);
    /** vqaEval.py's (and MVBench's) commaStrip: exactly one comma between digits. */
    private static final Pattern ONE_COMMA = Pattern.compile("(\\d)(,)(\\d)", FLAGS);
    private static final int PERIOD_LIMIT = 32;
    private static final List<String> PUNCTUATION = List.of(";", "/", "[", "]", "\"", "{", "}", "(", ")", "=",
            "+", "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!");
    private static final List<String> ARTICLES = List.of("a", "an", "the");
    private static final Map<String, String> NUMBERS = Map.ofEntries(Map.entry("none", "0"), Map.entry("zero", "0"),
            Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"),
            Map.entry("nine", "9"), Map.entry("ten", "10"));

    private EvalAiAnswer() {
    }

    /** EvalAIAnswerProcessor.__call__: the full normalisation applied to a prediction. */
    public static String normalise(String answer) {
        String t = PyStr.strip(PyStr.lower(answer).replace(",", "").replace("?", "").replace("'s", " 's"));
        t = PyStr.strip(t.replace("\n", " ").replace("\t", " "));
        return digitsAndArticles(punctuation(t));
    }

    /** m4c's process_punctuation: a mark next to a space (or any digit,digit text) is dropped, else spaced. */
    public static String punctuation(String in) {
        return punctuation(in, COMMA_RUN);
    }

    /** vqaEval.py's processPunctuation (and MVBench's copy of it): as {@link #punctuation(String)}, one comma. */
    static String vqaEvalPunctuation(String in) {
        return punctuation(in, ONE_COMMA);
    }

    private static String punctuation(String in, Pattern digitComma) {
        String out = in;
        boolean digitCommaFound = digitComma.matcher(in).find();
        for (String p : PUNCTUATION) {
            if (in.contains(p + " ") || in.contains(" " + p) || digitCommaFound) {
                out = out.replace(p, "");
            } else {
                out = out.replace(p, " ");
            }
        }
        return stripPeriods(out);
    }

    /** Removes up to 32 periods that are not followed by a digit. */
    static String stripPeriods(String out) {
        Matcher m = PERIOD_STRIP.matcher(out);
        StringBuilder sb = new StringBuilder();
        int removed = 0;
        while (removed < PERIOD_LIMIT && m.find()) {
            m.appendReplacement(sb, "");
            removed++;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Number words to digits, articles dropped, known contractions restored; words re-joined by one space. */
    public static String digitsAndArticles(String in) {
        List<String> words = new ArrayList<>();
        for (String w : PyStr.split(PyStr.lower(in))) {
            String mapped = NUMBERS.getOrDefault(w, w);
            if (!ARTICLES.contains(mapped)) {
                words.add(Contractions.restore(mapped));
            }
        }
        return String.join(" ", words);
    }
}
