package io.iwpspark.datasets.scorers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EvalAI VQA answer normalisation (the processor of the VQA challenge, used by LLaVA's
 * m4c_evaluator and lmms-eval): lower case, punctuation, periods, number words, articles,
 * contractions, in that order. Written from the published behaviour, quirks kept:
 * the period pattern's "lookbehind" is really a lookahead (so every '.' not followed by a digit
 * goes) and at most 32 periods are removed (the original passes re.UNICODE as re.sub's count).
 */
public final class EvalAiAnswer {
    private static final Pattern PERIOD_STRIP = Pattern.compile("(?!<=\\d)(\\.)(?!\\d)");
    private static final Pattern COMMA_STRIP = Pattern.compile("(?<=\\d)(,)+(?=\\d)");
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

    /** The full normalisation applied to a prediction. */
    public static String normalise(String answer) {
        String t = answer.toLowerCase(Locale.ROOT).replace(",", "").replace("?", "").replace("'s", " 's").strip();
        t = t.replace("\n", " ").replace("\t", " ").strip();
        return digitsAndArticles(punctuation(t));
    }

    /** Punctuation: a mark next to a space (or any text with a digit,digit comma) is dropped, else spaced. */
    public static String punctuation(String in) {
        String out = in;
        boolean digitComma = COMMA_STRIP.matcher(in).find();
        for (String p : PUNCTUATION) {
            if (in.contains(p + " ") || in.contains(" " + p) || digitComma) {
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
        for (String w : in.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            String mapped = NUMBERS.getOrDefault(w, w);
            if (!ARTICLES.contains(mapped)) {
                words.add(Contractions.restore(mapped));
            }
        }
        return String.join(" ", words);
    }
}
