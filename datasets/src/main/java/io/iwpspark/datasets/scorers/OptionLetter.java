package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Letters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How official scripts read an option letter out of a reply. Each returns "" when it reads none. */
public final class OptionLetter {
    /** What ScienceQA's LLaVA script returns when it reads no letter. */
    public static final String FAILED = "FAILED";
    private static final Pattern ANSWER_IS_DOT = Pattern.compile("The answer is ([A-E])\\.");
    private static final Pattern ANSWER_IS = Pattern.compile("The answer is ([A-E])");
    private static final List<String> REFUSALS = List.of("Sorry, I can't help with images of people yet.",
            "I can't process this file.", "I'm sorry, but without the image provided", "Cannot determine the answer");
    private static final Pattern MV_OPTION = Pattern.compile("^([A-E])\\.\\s*(.+)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern MV_LETTER = Pattern.compile("\\b([A-E])\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DIGIT_COMMA = Pattern.compile("(\\d)(,)(\\d)");
    private static final List<String> MV_PUNCT = List.of(";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+",
            "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!");

    private OptionLetter() {
    }

    /**
     * LLaVA's eval_science_qa.py: newlines become ". "; the reply itself is a letter; or it starts
     * "X. "; or it contains "The answer is X." / "The answer is X"; the letter must also be one of
     * the first {@code nOptions}. Otherwise {@link #FAILED}.
     */
    public static String scienceQa(String reply, int nOptions) {
        String text = reply.replace("\n", ". ");
        List<String> letters = List.of("A", "B", "C", "D", "E");
        String answer = FAILED;
        if (letters.contains(text.strip())) {
            answer = text.strip();
        } else if (text.length() >= 3 && letters.contains(text.substring(0, 1)) && text.startsWith(". ", 1)) {
            answer = text.substring(0, 1);
        } else if (text.contains("The answer is ")) {
            Matcher m = ANSWER_IS_DOT.matcher(text);
            Matcher m2 = ANSWER_IS.matcher(text);
            answer = m.find() ? m.group(1) : m2.find() ? m2.group(1) : FAILED;
        }
        int idx = Letters.index(answer);
        return idx >= 0 && idx < Math.min(nOptions, letters.size()) ? answer : FAILED;
    }

    /**
     * VLMEvalKit's rule-based matching (can_infer: option letter first, then option text). Refusals
     * read as "Z"; a lone capital "A" in a reply of more than three words may be the article, so
     * it does not count. When no single letter is read, exactly one option text contained in the
     * reply decides; returns "" when nothing can be inferred.
     */
    public static String vlmEvalKit(String reply, List<String> options) {
        if (reply.contains("Failed to obtain answer via API")) {
            return "";
        }
        for (String refusal : REFUSALS) {
            if (reply.contains(refusal)) {
                return "Z";
            }
        }
        String mod = reply;
        for (char c : ".()[],:;!*#{}".toCharArray()) {
            mod = mod.replace(c, ' ');
        }
        List<String> splits = Arrays.asList(mod.strip().split("\\s+"));
        List<String> letters = Letters.first(options.size());
        List<String> hits = new ArrayList<>();
        for (String l : letters) {
            if (splits.contains(l)) {
                hits.add(l);
            }
        }
        if (hits.size() == 1 && !(splits.contains("A") && splits.size() > 3)) {
            return hits.get(0);
        }
        if (hits.isEmpty() && splits.contains("Z")) {
            return "Z";
        }
        // can_infer_text: exactly one option's text occurs in the reply (case-insensitive).
        String low = reply.toLowerCase(Locale.ROOT);
        String found = "";
        int count = 0;
        for (int i = 0; i < options.size(); i++) {
            if (low.contains(options.get(i).toLowerCase(Locale.ROOT))) {
                found = letters.get(i);
                count++;
            }
        }
        return count == 1 ? found : "";
    }

    /**
     * lmms-eval's MVBench mcq_acc: "X. text" gives X; otherwise the reply is punctuation-stripped,
     * unquoted, lower-cased, and the first standalone letter a..e (any case) is read, so a reply
     * "a cat" reads as A, as in the script. Returns the processed reply when no letter is found.
     */
    public static String mvBench(String reply) {
        Matcher m = MV_OPTION.matcher(reply.strip());
        if (m.matches()) {
            return m.group(1).toUpperCase(Locale.ROOT);
        }
        String a = reply.replace("\n", " ").replace("\t", " ").strip();
        String out = a;
        boolean digitComma = DIGIT_COMMA.matcher(a).find();
        for (String p : MV_PUNCT) {
            out = a.contains(p + " ") || a.contains(" " + p) || digitComma ? out.replace(p, "") : out.replace(p, " ");
        }
        out = EvalAiAnswer.stripPeriods(out);
        out = strip(strip(strip(strip(out, '\''), '"'), ')'), '(').strip().toLowerCase(Locale.ROOT);
        Matcher l = MV_LETTER.matcher(out);
        return l.find() ? l.group(1).toUpperCase(Locale.ROOT) : out;
    }

    private static String strip(String s, char c) {
        int b = 0;
        int e = s.length();
        while (b < e && s.charAt(b) == c) {
            b++;
        }
        while (e > b && s.charAt(e - 1) == c) {
            e--;
        }
        return s.substring(b, e);
    }
}
