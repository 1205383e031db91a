package io.iwpspark.lvlm.template;

import io.iwpspark.lvlm.template.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
  * Splits template source into tokens the way jinja2 3.1's lexer (jinja2/lexer.py) does with the options
  * transformers uses: trim_blocks (one newline after a block or comment tag is dropped), lstrip_blocks (spaces
  * and tabs before a block or comment tag on its own line are dropped), '-' strips all whitespace on that side of
  * a tag, '+' keeps it, newlines are normalised to '\n' and one trailing newline of the source is dropped.
  */
final class Lexer {
    /** Python's \\s is Unicode-aware; Java's needs this flag. */
    private static final int UNICODE = Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern RAW_BEGIN = Pattern.compile("\\{%([-+]?)\\s*raw\\s*(-%}\\s*|%})", UNICODE);
    private static final Pattern RAW_END =
            Pattern.compile("\\{%([-+]?)\\s*endraw\\s*(\\+%}|-%}\\s*|%}\\n?)", UNICODE);
    private static final Pattern COMMENT_END = Pattern.compile("\\+#}|-#}\\s*|#}\\n?", UNICODE);
    private static final Pattern BLOCK_END = Pattern.compile("\\+%}|-%}\\s*|%}\\n?", UNICODE);
    private static final Pattern VAR_END = Pattern.compile("-}}\\s*|}}", UNICODE);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", UNICODE);
    private static final Pattern FLOAT = Pattern.compile(
            "(?<!\\.)(\\d+_)*\\d+((\\.(\\d+_)*\\d+)?[eE][+\\-]?(\\d+_)*\\d+|\\.(\\d+_)*\\d+)");
    private static final Pattern INTEGER = Pattern.compile("(\\d+_)*\\d+");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern STRING =
            Pattern.compile("'([^'\\\\]*(?:\\\\.[^'\\\\]*)*)'|\"([^\"\\\\]*(?:\\\\.[^\"\\\\]*)*)\"", Pattern.DOTALL);
    private static final String[] OPERATORS = {"//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~",
            "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"};

    private final String src;
    private final int[] lineStarts;
    private final List<Token> out = new ArrayList<>();
    private int pos;
    private boolean lineStarting = true;

    private Lexer(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        this.src = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        this.lineStarts = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(0),
                java.util.stream.IntStream.range(0, src.length()).filter(i -> src.charAt(i) == '\n').map(i -> i + 1))
                .toArray();
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.root();
        lexer.out.add(new Token(Kind.EOF, "", null, lexer.line(lexer.pos), lexer.column(lexer.pos)));
        return lexer.out;
    }

    private void root() {
        while (pos < src.length()) {
            int open = nextOpener(pos);
            if (open < 0) {
                data(pos, src.substring(pos));
                pos = src.length();
                return;
            }
            char type = src.charAt(open + 1);
            char sign = open + 2 < src.length() ? src.charAt(open + 2) : ' ';
            sign = sign == '-' || sign == '+' ? sign : ' ';
            String text = strip(src.substring(pos, open), sign, type != '{');
            data(pos, text);
            Matcher raw = RAW_BEGIN.matcher(src).region(open, src.length());
            if (type == '%' && raw.lookingAt()) {
                rawBlock(raw.end());
            } else if (type == '#') {
                comment(open);
            } else {
                tag(open, type, sign);
            }
        }
    }

    private int nextOpener(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /** jinja2's OptionalLStrip: '-' strips all trailing whitespace, else lstrip_blocks for block/comment tags. */
    private String strip(String text, char sign, boolean lstripApplies) {
        if (sign == '-') {
            return Py.rstrip(text, null);
        }
        if (sign != '+' && lstripApplies) {
            int lineStart = text.lastIndexOf('\n') + 1;
            if ((lineStart > 0 || lineStarting) && lineStart < text.length()
                    && WHITESPACE.matcher(text).region(lineStart, text.length()).matches()) {
                return text.substring(0, lineStart);
            }
        }
        return text;
    }

    private void data(int at, String text) {
        if (!text.isEmpty()) {
            out.add(new Token(Kind.DATA, text, text, line(at), column(at)));
        }
    }

    private void rawBlock(int bodyStart) {
        lineStarting = src.charAt(bodyStart - 1) == '\n';
        Matcher end = RAW_END.matcher(src);
        int at = bodyStart;
        while (at < src.length() && !end.region(at, src.length()).lookingAt()) {
            at = src.indexOf("{%", at + 1) < 0 ? src.length() : src.indexOf("{%", at + 1);
        }
        if (at >= src.length()) {
            throw new TemplateException("missing end of raw directive", line(bodyStart), column(bodyStart));
        }
        char sign = end.group(1).isEmpty() ? ' ' : end.group(1).charAt(0);
        data(bodyStart, strip(src.substring(bodyStart, at), sign, true));
        pos = end.end();
        lineStarting = src.charAt(pos - 1) == '\n';
    }

    private void comment(int open) {
        Matcher end = COMMENT_END.matcher(src);
        for (int at = open + 2; at < src.length(); at++) {
            if (end.region(at, src.length()).lookingAt()) {
                pos = end.end();
                lineStarting = src.charAt(pos - 1) == '\n';
                return;
            }
        }
        throw new TemplateException("missing end of comment tag", line(open), column(open));
    }

    private void tag(int open, char type, char sign) {
        boolean block = type == '%';
        out.add(new Token(block ? Kind.BLOCK_BEGIN : Kind.VAR_BEGIN, src.substring(open, open + 2), null,
                line(open), column(open)));
        pos = open + 2 + (sign == ' ' ? 0 : 1);
        Deque<Character> balance = new ArrayDeque<>();
        Matcher end = (block ? BLOCK_END : VAR_END).matcher(src);
        while (true) {
            if (pos >= src.length()) {
                throw new TemplateException("unexpected end of template, expected '" + (block ? "%}" : "}}") + "'",
                        line(open), column(open));
            }
            if (balance.isEmpty() && end.region(pos, src.length()).lookingAt()) {
                out.add(new Token(block ? Kind.BLOCK_END : Kind.VAR_END, end.group(), null, line(pos), column(pos)));
                pos = end.end();
                lineStarting = src.charAt(pos - 1) == '\n';
                return;
            }
            expressionToken(balance);
        }
    }

    private void expressionToken(Deque<Character> balance) {
        int start = pos;
        Matcher m;
        if ((m = WHITESPACE.matcher(src).region(pos, src.length())).lookingAt()) {
            pos = m.end();
        } else if ((m = FLOAT.matcher(src).useTransparentBounds(true).region(pos, src.length())).lookingAt()) {
            pos = m.end();
            String t = m.group();
            out.add(new Token(Kind.FLOAT, t, Double.parseDouble(t.replace("_", "")), line(start), column(start)));
        } else if ((m = INTEGER.matcher(src).region(pos, src.length())).lookingAt()) {
            pos = m.end();
            String t = m.group();
            out.add(new Token(Kind.INTEGER, t, Py.parseInt(t.replace("_", "")), line(start), column(start)));
        } else if ((m = NAME.matcher(src).region(pos, src.length())).lookingAt()) {
            pos = m.end();
            out.add(new Token(Kind.NAME, m.group(), m.group(), line(start), column(start)));
        } else if ((m = STRING.matcher(src).region(pos, src.length())).lookingAt()) {
            pos = m.end();
            String body = m.group().substring(1, m.group().length() - 1);
            out.add(new Token(Kind.STRING, m.group(), StringLiteral.unescape(body), line(start), column(start)));
        } else {
            operator(balance, start);
        }
    }

    private void operator(Deque<Character> balance, int start) {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                char c = op.charAt(0);
                if (op.length() == 1 && "([{".indexOf(c) >= 0) {
                    balance.push(")]}".charAt("([{".indexOf(c)));
                } else if (op.length() == 1 && ")]}".indexOf(c) >= 0) {
                    if (balance.isEmpty() || balance.peek() != c) {
                        throw new TemplateException("unexpected '" + c + "'"
                                + (balance.isEmpty() ? "" : ", expected '" + balance.peek() + "'"), line(start), column(start));
                    }
                    balance.pop();
                }
                pos += op.length();
                out.add(new Token(Kind.OPERATOR, op, op, line(start), column(start)));
                return;
            }
        }
        throw new TemplateException("unexpected character '" + src.charAt(pos) + "'", line(start), column(start));
    }

    private int line(int at) {
        int i = java.util.Arrays.binarySearch(lineStarts, at);
        return i >= 0 ? i + 1 : -i - 1;
    }

    private int column(int at) {
        return at - src.lastIndexOf('\n', at - 1);
    }
}
