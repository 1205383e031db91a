package io.iwpspark.lvlm.template;

/**
  * The value of a quoted string in a template. jinja2's lexer decodes the text between the quotes with Python's
  * "unicode-escape" codec (after protecting non-ASCII characters), so the escapes are Python's: \\ \' \" \a \b
  * \f \n \r \t \v, octal \ooo, \xhh, \\uXXXX, \UXXXXXXXX, backslash-newline joins lines, and an unknown escape
  * such as \s stays as written.
  */
final class StringLiteral {
    private StringLiteral() {}

    static String unescape(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case '\\': out.append('\\'); break;
                case '\'': out.append('\''); break;
                case '"': out.append('"'); break;
                case 'a': out.append('\u0007'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'v': out.append('\u000b'); break;
                case '\n': break;
                case 'x': i = hex(body, i, 2, out); break;
                case 'u': i = hex(body, i, 4, out); break;
                case 'U': i = hex(body, i, 8, out); break;
                case 'N': throw new TemplateException("named unicode escapes (\\N{...}) are not supported in strings");
                default:
                    if (e >= '0' && e <= '7') {
                        int end = i;
                        while (end < body.length() && end < i + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                            end++;
                        }
                        out.appendCodePoint(Integer.parseInt(body.substring(i, end), 8));
                        i = end - 1;
                    } else {
                        out.append('\\').append(e);
                    }
            }
        }
        return out.toString();
    }

    private static int hex(String body, int at, int digits, StringBuilder out) {
        int end = at + 1 + digits;
        String h = end <= body.length() ? body.substring(at + 1, end) : "";
        if (h.length() != digits || !h.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new TemplateException("truncated \\" + body.charAt(at) + " escape in string literal");
        }
        out.appendCodePoint(Integer.parseInt(h, 16));
        return end - 1;
    }
}
