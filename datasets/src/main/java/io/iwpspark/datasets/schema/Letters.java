package io.iwpspark.datasets.schema;

import java.util.ArrayList;
import java.util.List;

/** Option letters: A is option 0. */
public final class Letters {
    private Letters() {
    }

    /** The letter of option {@code index} (0 -> "A"); at most 26 options. */
    public static String of(int index) {
        if (index < 0 || index >= 26) {
            throw new IllegalArgumentException("option index: expected 0..25 but found " + index);
        }
        return String.valueOf((char) ('A' + index));
    }

    /** The option index of a one-letter string, or -1 when it is not a single capital letter. */
    public static int index(String letter) {
        if (letter == null || letter.length() != 1) {
            return -1;
        }
        char c = letter.charAt(0);
        return c >= 'A' && c <= 'Z' ? c - 'A' : -1;
    }

    /** The first {@code n} letters. */
    public static List<String> first(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(of(i));
        }
        return out;
    }
}
