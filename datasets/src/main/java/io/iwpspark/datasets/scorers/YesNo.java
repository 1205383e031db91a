package io.iwpspark.datasets.scorers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How the official scripts turn a free-form reply into yes / no. */
public final class YesNo {
    private YesNo() {
    }

    /**
     * LLaVA's eval_pope.py: keep the text before the first '.', drop commas, split on single
     * spaces; "No", "no" or "not" among the words means no, anything else (even "NO") means yes.
     */
    public static String pope(String reply) {
        String text = reply;
        int dot = text.indexOf('.');
        if (dot >= 0) {
            text = text.substring(0, dot);
        }
        List<String> words = Arrays.asList(text.replace(",", "").split(" ", -1));
        return words.contains("No") || words.contains("not") || words.contains("no") ? "no" : "yes";
    }

    /**
     * MME (the official calculation and lmms-eval's parse_pred_ans): lower case, trimmed, periods
     * removed; "yes"/"no" as is; a single "y"/"n"; else "yes" or "no" within the first four
     * characters (yes first); else "other", which is never right.
     */
    public static String mme(String reply) {
        String p = reply.toLowerCase(Locale.ROOT).strip().replace(".", "");
        if (p.equals("yes") || p.equals("no")) {
            return p;
        }
        if (p.length() == 1) {
            return p.equals("y") ? "yes" : p.equals("n") ? "no" : "other";
        }
        String prefix = p.substring(0, Math.min(4, p.length()));
        return prefix.contains("yes") ? "yes" : prefix.contains("no") ? "no" : "other";
    }
}
