package io.iwpspark.datasets.scorers;

import java.util.ArrayList;
import java.util.List;

/**
 * The option letter EgoSchema's reader takes from a reply, as lmms-eval's tasks/egoschema/utils.py
 * parse_multi_choice_response (EvolvingLMMs-Lab/lmms-eval 75571cf): after trimming , . ! ? ; : '
 * from both ends (each in turn) and padding with a space, every "(X)", "X " and "X." found is a
 * candidate; with none and more than five words, options (as published, "A. ...") whose text
 * occurs in the reply case-insensitively. Of several, the one written FIRST wins (numpy argmin of
 * the last positions); of none, {@link PinnedChoice}.
 */
final class EgoSchemaChoice {
    private EgoSchemaChoice() {
    }

    static MmmuChoice.Read read(String reply, List<String> options, String sampleId) {
        String r = reply;
        for (char c : ",.!?;:'".toCharArray()) {
            r = PyStr.strip(r, String.valueOf(c));
        }
        r = " " + r + " ";
        List<String> letters = io.iwpspark.datasets.schema.Letters.first(options.size());
        List<String> cand = new ArrayList<>();
        for (String[] form : new String[][] {{"(", ")"}, {"", " "}, {"", "."}}) {
            for (String l : letters) {
                if (r.contains(form[0] + l + form[1])) {
                    cand.add(form[0] + l + form[1]);
                }
            }
        }
        boolean byLetter = true;
        String low = PyStr.lower(r);
        if (cand.isEmpty() && PyStr.split(r).size() > 5) {
            for (int i = 0; i < options.size(); i++) {
                if (low.contains(PyStr.lower(PyStr.strip(options.get(i))))) {
                    cand.add(letters.get(i));
                    byLetter = false;
                }
            }
        }
        if (cand.isEmpty()) {
            return new MmmuChoice.Read(PinnedChoice.of(sampleId, letters), true);
        }
        int best = 0;
        int bestAt = Integer.MAX_VALUE;
        for (int i = 0; i < cand.size(); i++) {
            String c = cand.get(i);
            int at = byLetter ? r.lastIndexOf(c) : low.lastIndexOf(PyStr.lower(PyStr.strip(options.get(letters.indexOf(c)))));
            if (at < bestAt) { // numpy argmin: the first of equal minima
                best = i;
                bestAt = at;
            }
        }
        String letter = PyStr.strip(cand.get(best).replace("(", "").replace(")", "").replace(".", ""));
        return new MmmuChoice.Read(letter, false);
    }
}
