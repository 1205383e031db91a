package io.iwpspark.datasets.scorers;

import io.iwpspark.datasets.schema.Letters;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VLMEvalKit's rule-based answer matching, vlmeval/utils/matching_util.py can_infer (open-compass/
 * VLMEvalKit e8e78f0): the option letter first (can_infer_option), then the option text
 * (can_infer_text). Returns "" where the official code returns False; under VLMEvalKit's exact
 * matching policy that reads as a wrong answer.
 */
final class CanInfer {
    private static final List<String> REFUSALS = List.of("Sorry, I can't help with images of people yet.",
            "I can't process this file.", "I'm sorry, but without the image provided", "Cannot determine the answer");
    private static final String SEPARATORS = ".()[],:;!*#{}";
    private static final String S = PyStr.SPACE_CLASS;
    /** "(correct) answer is X", any case, X possibly in bold. */
    private static final Pattern VERBOSE = Pattern.compile("(?:correct" + S + "+)?answer" + S + "+is" + S
            + "+\\**([ABCDabcd])\\**", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private CanInfer() {
    }

    static String read(String reply, List<String> options) {
        String option = option(reply, Letters.first(options.size()));
        return !option.isEmpty() ? option : text(reply, options);
    }

    /**
     * can_infer_option: API failure reads nothing, a refusal reads "Z"; the reply split into words
     * at whitespace and {@code .()[],:;!*#{}}; exactly one option letter among the words counts when
     * it is among the last four words (a capital "A" is only doubted in VERBOSE mode, which is off);
     * no letter but a word "Z" reads "Z"; last, "answer is X" anywhere.
     */
    static String option(String reply, List<String> letters) {
        if (reply.contains("Failed to obtain answer via API")) {
            return "";
        }
        for (String refusal : REFUSALS) {
            if (reply.contains(refusal)) {
                return "Z";
            }
        }
        String mod = reply;
        for (char c : SEPARATORS.toCharArray()) {
            mod = mod.replace(c, ' ');
        }
        List<String> splits = PyStr.split(mod);
        int count = 0;
        for (String l : letters) {
            count += splits.contains(l) ? 1 : 0;
        }
        if (count == 1) {
            for (String l : letters) {
                if (splits.contains(l) && splits.indexOf(l) > splits.size() - 5) {
                    return l;
                }
            }
        } else if (count == 0 && splits.contains("Z")) {
            return "Z";
        }
        Matcher m = VERBOSE.matcher(reply);
        if (m.find()) {
            String l = m.group(1).toUpperCase(java.util.Locale.ROOT);
            if (letters.contains(l)) {
                return l;
            }
        }
        return "";
    }

    /** can_infer_text: a reply at most twice the options' total length containing exactly one option's text. */
    static String text(String reply, List<String> options) {
        String low = PyStr.lower(reply);
        int total = 0;
        for (String o : options) {
            total += PyStr.len(o);
        }
        if (PyStr.len(low) > 2 * total) {
            return "";
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            if (low.contains(PyStr.lower(options.get(i)))) {
                found.add(Letters.of(i));
            }
        }
        return found.size() == 1 ? found.get(0) : "";
    }
}
