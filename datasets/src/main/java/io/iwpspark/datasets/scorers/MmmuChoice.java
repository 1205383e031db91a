package io.iwpspark.datasets.scorers;

import java.util.ArrayList;
import java.util.List;

/**
 * The option letter MMMU's reader takes from a reply, as lmms-eval's
 * tasks/_task_utils/mmmu_mcq_utils.py parse_mmmu_multi_choice_response (EvolvingLMMs-Lab/lmms-eval
 * 75571cf; MMMU's eval_utils.py reader with an added "X." step and "X " without a leading space):
 * after trimming , . ! ? ; : ' from both ends (each in turn) and padding with a space, "(X)", else
 * "X ", else "X." name candidates; with none and more than five words, options whose text occurs in
 * the reply (case-insensitively). Of several, the one written last wins; of none,
 * {@link PinnedChoice}.
 */
final class MmmuChoice {
    private MmmuChoice() {
    }

    /** The letter read, and whether it was drawn because none was found. */
    record Read(String letter, boolean drawn) {
    }

    static Read read(String reply, List<String> options, String sampleId) {
        String r = reply;
        for (char c : ",.!?;:'".toCharArray()) {
            r = PyStr.strip(r, String.valueOf(c));
        }
        r = " " + r + " ";
        List<String> letters = io.iwpspark.datasets.schema.Letters.first(options.size());
        List<String> cand = new ArrayList<>();
        for (String l : letters) {
            if (r.contains("(" + l + ")")) {
                cand.add(l);
            }
        }
        boolean bracket = !cand.isEmpty();
        for (String suffix : new String[] {" ", "."}) {
            if (cand.isEmpty()) {
                for (String l : letters) {
                    if (r.contains(l + suffix)) {
                        cand.add(l);
                    }
                }
            }
        }
        boolean byLetter = true;
        String low = PyStr.lower(r);
        if (cand.isEmpty() && PyStr.split(r).size() > 5) {
            for (int i = 0; i < options.size(); i++) {
                if (low.contains(PyStr.lower(options.get(i)))) {
                    cand.add(letters.get(i));
                    byLetter = false;
                }
            }
        }
        if (cand.isEmpty()) {
            return new Read(PinnedChoice.of(sampleId, letters), true);
        }
        int best = 0;
        int bestAt = Integer.MIN_VALUE;
        for (int i = 0; i < cand.size(); i++) {
            String l = cand.get(i);
            int at = !byLetter ? low.lastIndexOf(PyStr.lower(options.get(letters.indexOf(l))))
                    : bracket ? r.lastIndexOf("(" + l + ")") : r.lastIndexOf(" " + l + " ");
            if (at > bestAt) { // numpy argmax: the first of equal maxima
                best = i;
                bestAt = at;
            }
        }
        return new Read(cand.get(best), false);
    }
}
