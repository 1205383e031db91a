package io.iwpspark.datasets.scorers;

import java.util.Arrays;
import java.util.List;

/**
 * How the official scripts turn a free-form reply into yes / no. The LLaVA-pipeline readings
 * first strip the reply, as LLaVA's model_vqa_loader.py does to every generated answer.
 */
public final class YesNo {
    private YesNo() {
    }

    /**
     * LLaVA's llava/eval/eval_pope.py (haotian-liu/LLaVA c121f04): keep the text before the first
     * '.', drop commas, split on single spaces; "No", "no" or "not" among the words means no,
     * anything else (even "NO" or an empty reply) means yes.
     */
    public static String pope(String reply) {
        String text = PyStr.strip(reply);
        int dot = text.indexOf('.');
        if (dot >= 0) {
            text = text.substring(0, dot);
        }
        List<String> words = Arrays.asList(text.replace(",", "").split(" ", -1));
        return words.contains("No") || words.contains("not") || words.contains("no") ? "no" : "yes";
    }

    /**
     * MME's official eval_tool/calculation.py (parse_pred_ans after lower(); BradyFU/Awesome-
     * Multimodal-Large-Language-Models, Evaluation branch dd29509, tools/eval_tool.zip): "yes" or
     * "no" exactly; else "yes" within the first four characters, then "no"; else "other". So "y",
     * "N." and "...yes" are "other", and "No." is no.
     */
    public static String mmeOfficial(String reply) {
        String p = PyStr.lower(PyStr.strip(reply));
        if (p.equals("yes") || p.equals("no")) {
            return p;
        }
        String prefix = PyStr.head(p, 4);
        return prefix.contains("yes") ? "yes" : prefix.contains("no") ? "no" : "other";
    }

    /**
     * lmms-eval's tasks/mme/utils.py parse_pred_ans (EvolvingLMMs-Lab/lmms-eval 75571cf): lower
     * case, trimmed, every period removed; "yes"/"no" as is; a single "y"/"n"; else "yes" or "no"
     * within the first four characters (yes first); else "other", which is never right.
     */
    public static String mmeLmmsEval(String reply) {
        String p = PyStr.strip(PyStr.lower(reply)).replace(".", "");
        if (p.equals("yes") || p.equals("no")) {
            return p;
        }
        if (PyStr.len(p) == 1) {
            return p.equals("y") ? "yes" : p.equals("n") ? "no" : "other";
        }
        String prefix = PyStr.head(p, 4);
        return prefix.contains("yes") ? "yes" : prefix.contains("no") ? "no" : "other";
    }
}
