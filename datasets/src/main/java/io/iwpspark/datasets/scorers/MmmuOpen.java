package io.iwpspark.datasets.scorers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MMMU's open-question reading and judging, equal to parse_open_response, extract_numbers,
 * normalize_str and eval_open of MMMU-Benchmark/MMMU mmmu/utils/eval_utils.py (bb0b95a) and of their
 * copies in lmms-eval's tasks/mmmu/utils.py (75571cf). Values are Strings or Doubles, as there.
 */
final class MmmuOpen {
    private static final int U = Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern SENTENCES = Pattern.compile("\\." + PyStr.SPACE_CLASS + "(?=[A-Z])|\\n");
    private static final List<String> KEYS = List.of("could be ", "so ", "is ", "thus ", "therefore ", "final ", "answer ",
            "result ");
    private static final Set<String> TRIVIAL = Set.of(":", ",", ".", "!", "?", ";", "'");
    private static final List<Pattern> NUMBERS = List.of(
            Pattern.compile("-?\\b\\d{1,3}(?:,\\d{3})+\\b", U),
            Pattern.compile("-?\\d+(?:\\.\\d+)?[eE][+-]?\\d+", U),
            Pattern.compile("-?(?:\\d+\\.\\d+|\\.\\d+|\\d+\\b)(?![eE][+-]?\\d+)(?![,\\d])", U));

    private MmmuOpen() {
    }

    /** The tails of the reply's sentences after their answer words, or the whole lowered reply. */
    static List<String> keyResponses(String reply) {
        String r = PyStr.lower(PyStr.strip(PyStr.strip(reply), "."));
        String[] subs = SENTENCES.split(r, -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < subs.length; i++) {
            List<String> keys = new ArrayList<>(KEYS);
            if (i == subs.length - 1) {
                keys.add("=");
            }
            String shortest = null;
            for (String k : keys) {
                int at = subs[i].lastIndexOf(k);
                if (at < 0) {
                    continue;
                }
                String tail = PyStr.strip(subs[i].substring(at + k.length()));
                if (shortest == null || shortest.isEmpty() || PyStr.len(tail) < PyStr.len(shortest)) {
                    shortest = tail;
                }
            }
            if (shortest != null && !shortest.isEmpty() && !TRIVIAL.contains(PyStr.strip(shortest))) {
                out.add(shortest);
            }
        }
        return out.isEmpty() ? List.of(r) : out;
    }

    static List<String> numbers(String s) {
        List<String> out = new ArrayList<>();
        for (Pattern p : NUMBERS) {
            Matcher m = p.matcher(s);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** normalize_str: a number (commas dropped, rounded to 2 decimals), else the lowered text, padded if one character. */
    static List<Object> normalise(String s) {
        String t = PyStr.strip(s);
        Double d = PyFloat.parse(t.replace(",", ""));
        if (d != null) {
            return List.of(PyFloat.round(d, 2));
        }
        String low = PyStr.lower(t);
        return PyStr.len(low) == 1 ? List.of(" " + low, low + " ") : List.of(low);
    }

    /** parse_open_response: the distinct normalised key responses and the numbers in them. */
    static Set<Object> parse(String reply) {
        List<String> keys = keyResponses(reply);
        List<String> all = new ArrayList<>(keys);
        for (String k : keys) {
            all.addAll(numbers(k));
        }
        Set<Object> out = new LinkedHashSet<>();
        for (String v : all) {
            out.addAll(normalise(v));
        }
        return out;
    }

    /** eval_open: a text reference inside a text value, or a number equal to a numeric value. */
    static boolean judge(String gold, Set<Object> parsed) {
        List<Object> refs = normalise(gold);
        for (Object p : parsed) {
            for (Object ref : refs) {
                if (p instanceof String ps ? ref instanceof String rs && ps.contains(rs)
                        : ref instanceof Double rd && rd.doubleValue() == (Double) p) {
                    return true;
                }
            }
        }
        return false;
    }
}
