package io.iwpspark.datasets.scorers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few Python 3 str operations the official scorers use, with Python's meaning where Java's
 * differs: whitespace is what {@code str.isspace()} accepts (no-break space and U+001C..U+001F
 * included), lengths and slices count code points, a word character is a letter, a number or '_'.
 */
final class PyStr {
    /** Python's {@code \s} for str patterns, as a Java character class. */
    static final String SPACE_CLASS = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

    private PyStr() {
    }

    static boolean isSpace(int c) {
        return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
                || c == 0x3000;
    }

    /** Python's {@code \w}: str.isalnum() or '_'. */
    static boolean isWord(int c) {
        if (c == '_') {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.UPPERCASE_LETTER || t == Character.LOWERCASE_LETTER || t == Character.TITLECASE_LETTER
                || t == Character.MODIFIER_LETTER || t == Character.OTHER_LETTER || t == Character.DECIMAL_DIGIT_NUMBER
                || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** {@code s.strip()}. */
    static String strip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isSpace(s.codePointAt(b))) {
            b += Character.charCount(s.codePointAt(b));
        }
        while (e > b && isSpace(s.codePointBefore(e))) {
            e -= Character.charCount(s.codePointBefore(e));
        }
        return s.substring(b, e);
    }

    /** {@code s.strip(chars)} for BMP characters. */
    static String strip(String s, String chars) {
        int b = 0;
        int e = s.length();
        while (b < e && chars.indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (e > b && chars.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    /** {@code s.split()}: runs of whitespace separate, no empty words. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (isSpace(c)) {
                if (start >= 0) {
                    out.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(c);
        }
        if (start >= 0) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** {@code s.lower()}. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code len(s)}. */
    static int len(String s) {
        return s.codePointCount(0, s.length());
    }

    /** {@code s[:n]}. */
    static String head(String s, int n) {
        return len(s) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
    }
}
