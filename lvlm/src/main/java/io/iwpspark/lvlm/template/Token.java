package io.iwpspark.lvlm.template;

/** One lexical token of a template: raw text, a tag delimiter, or a piece of an expression. */
record Token(Kind kind, String text, Object value, int line, int column) {
    enum Kind { DATA, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, EOF }

    boolean is(Kind k, String s) {
        return kind == k && text.equals(s);
    }

    boolean isName(String s) {
        return is(Kind.NAME, s);
    }

    boolean isOp(String s) {
        return is(Kind.OPERATOR, s);
    }

    String describe() {
        return kind == Kind.EOF ? "end of template" : "'" + text + "'";
    }
}
