package io.iwpspark.datasets.readers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A text file read as UTF-8 line by line, so one invalid byte costs its line, not the file: a line
 * that does not decode is kept with each invalid byte replaced by U+FFFD, and listed in
 * {@link #badLines} with the first invalid byte and its column. Readers turn a record that touches
 * such a line into an error row naming the line; where a format cannot map bytes to records (one
 * JSON array) the replacement stands and the record reads with U+FFFD in place of the byte.
 *
 * @param text the whole file, invalid bytes replaced
 * @param badLines 1-based line number -> "byte 0xNN at column C is not valid UTF-8"
 */
record Utf8Text(String text, NavigableMap<Long, String> badLines) {
    static Utf8Text read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        StringBuilder text = new StringBuilder(bytes.length);
        TreeMap<Long, String> bad = new TreeMap<>();
        long line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                String problem = decodeLine(bytes, start, i, text);
                if (problem != null) {
                    bad.put(line, problem);
                }
                if (i < bytes.length) {
                    text.append('\n');
                }
                line++;
                start = i + 1;
            }
        }
        return new Utf8Text(text.toString(), Collections.unmodifiableNavigableMap(bad));
    }

    /** What is wrong in lines [from, to) of a record starting at {@code from}, or null when they decode. */
    String problemIn(long from, long to) {
        Long l = badLines.ceilingKey(from);
        if (l == null || l >= to) {
            return null;
        }
        return badLines.get(l) + (l == from ? "" : " (line " + l + " of the record)");
    }

    private static String decodeLine(byte[] bytes, int from, int to, StringBuilder out) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        try {
            out.append(strict.decode(in));
            return null;
        } catch (CharacterCodingException e) {
            ByteBuffer again = ByteBuffer.wrap(bytes, from, to - from);
            CharBuffer chars = CharBuffer.allocate(to - from + 1);
            CharsetDecoder probe = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            probe.decode(again, chars, true); // stops at the first invalid byte
            int at = again.position();
            out.append(new String(bytes, from, to - from, StandardCharsets.UTF_8)); // invalid bytes -> U+FFFD
            return String.format("byte 0x%02X at column %d is not valid UTF-8", bytes[at] & 0xff, at - from + 1);
        }
    }
}
