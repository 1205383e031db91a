package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.Letters;
import java.util.List;

/** Checks on multiple-choice answers shared by the readers. */
final class Options {
    private Options() {
    }

    /** An absent option in the exports: null, empty, or pandas' "nan" / "none" (as LLaVA's is_none). */
    static boolean isNone(String v) {
        return v == null || v.isBlank() || v.equalsIgnoreCase("nan") || v.equalsIgnoreCase("none");
    }

    /** The answer letter, trimmed, when it names one of the options; otherwise a bad record naming the field. */
    static String letter(String field, String answer, List<String> options) throws BadRecordException {
        String a = answer == null ? "" : answer.strip();
        int k = Letters.index(a);
        if (k < 0 || k >= options.size()) {
            throw new BadRecordException("field " + field + ": expected an option letter in "
                    + Letters.first(options.size()) + " but found \"" + answer + "\"");
        }
        return a;
    }

    /**
     * Options written with their letters ("A. red", "B. blue", ...), the letters taken off; an option
     * without its letter is a bad record naming {@code field} and the index.
     */
    static List<String> unlettered(String field, List<String> raw) throws BadRecordException {
        List<String> options = new java.util.ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String prefix = Letters.of(i) + ". ";
            if (!raw.get(i).startsWith(prefix)) {
                throw new BadRecordException("field " + field + "[" + i + "]: expected to start with \"" + prefix
                        + "\" but found \"" + raw.get(i) + "\"");
            }
            options.add(raw.get(i).substring(prefix.length()));
        }
        return options;
    }
}
