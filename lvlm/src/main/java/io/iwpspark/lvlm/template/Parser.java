package io.iwpspark.lvlm.template;

import io.iwpspark.lvlm.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
  * Turns tokens into statements, following jinja2's parser (jinja2/parser.py): the tags for, if, set, break,
  * continue and transformers' generation; unknown tags, filters and tests are errors here, before any render.
  */
final class Parser {
    private final List<Token> tokens;
    private final Expressions expressions;
    private int pos;
    private int loopDepth;
    /** Inside an if block or inline if, where jinja2 reports unknown filters and tests only when evaluated. */
    private boolean lenient;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
        this.expressions = new Expressions(this);
    }

    static List<Node> parse(String source) {
        Parser p = new Parser(Lexer.tokenize(source));
        List<Node> body = p.body(Set.of());
        if (p.peek().kind() != Kind.EOF) {
            throw p.error("unexpected tag '" + p.peekAt(1).text() + "'", p.peekAt(1));
        }
        return body;
    }

    boolean lenient() {
        return lenient;
    }

    void setLenient(boolean lenient) {
        this.lenient = lenient;
    }

    int position() {
        return pos;
    }

    void rewind(int position) {
        pos = position;
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    boolean skipOp(String op) {
        if (peek().isOp(op)) {
            pos++;
            return true;
        }
        return false;
    }

    boolean skipName(String name) {
        if (peek().isName(name)) {
            pos++;
            return true;
        }
        return false;
    }

    Token expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            throw error("expected " + what + ", found " + t.describe(), t);
        }
        return next();
    }

    void expectOp(String op) {
        if (!skipOp(op)) {
            throw error("expected '" + op + "', found " + peek().describe(), peek());
        }
    }

    TemplateException error(String message, Token at) {
        return new TemplateException(message, at.line(), at.column());
    }

    /** Statements until a block tag whose name is in {@code end} (left unconsumed) or the end of the template. */
    private List<Node> body(Set<String> end) {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.EOF) {
                if (!end.isEmpty()) {
                    throw error("unexpected end of template, expected one of " + new java.util.TreeSet<>(end), t);
                }
                return nodes;
            } else if (t.kind() == Kind.DATA) {
                nodes.add(new Node.Text((String) next().value()));
            } else if (t.kind() == Kind.VAR_BEGIN) {
                next();
                Expr e = expressions.tuple(true, Set.of());
                expect(Kind.VAR_END, "'}}'");
                nodes.add(new Node.Output(e, t.line(), t.column()));
            } else if (t.kind() == Kind.BLOCK_BEGIN) {
                Token name = peekAt(1);
                if (name.kind() == Kind.NAME && end.contains(name.text())) {
                    return nodes;
                }
                next();
                nodes.add(statement(t));
            } else {
                throw error("unexpected " + t.describe(), t);
            }
        }
    }

    /** A body jinja2 compiles in a frame of its own (macro, block set), where unknown filters fail at once. */
    private List<Node> strictBody(Set<String> end) {
        boolean wasLenient = lenient;
        lenient = false;
        List<Node> body = body(end);
        lenient = wasLenient;
        return body;
    }

    private void endTag() {
        expect(Kind.BLOCK_END, "'%}'");
    }

    /** Consumes {@code {% name %}} where name is one of the end tags just found by {@link #body}. */
    private String closeTag() {
        next();
        String name = next().text();
        return name;
    }

    private Node statement(Token begin) {
        Token name = expect(Kind.NAME, "a tag name");
        switch (name.text()) {
            case "for": return forLoop(begin);
            case "if": return ifBlock(begin);
            case "set": return set(begin);
            case "generation": {
                endTag();
                List<Node> body = strictBody(Set.of("endgeneration"));
                closeTag();
                endTag();
                return new Node.Generation(body);
            }
            case "break":
            case "continue":
                if (loopDepth == 0) {
                    throw error("'" + name.text() + "' outside of a loop", name);
                }
                endTag();
                return new Node.Control(name.text().equals("break"));
            default:
                throw error("unknown tag '" + name.text() + "'", name);
        }
    }

    private Node forLoop(Token begin) {
        List<String> targets = expressions.targets("in");
        if (!skipName("in")) {
            throw error("expected 'in' in for loop, found " + peek().describe(), peek());
        }
        Expr iterable = expressions.tuple(false, Set.of("recursive"));
        Expr filter = skipName("if") ? expressions.expression(true) : null;
        if (peek().isName("recursive")) {
            throw error("recursive for loops are not supported", peek());
        }
        endTag();
        boolean wasLenient = lenient;
        lenient = false;
        loopDepth++;
        List<Node> body = body(Set.of("endfor", "else"));
        loopDepth--;
        List<Node> otherwise = List.of();
        if (closeTag().equals("else")) {
            endTag();
            otherwise = body(Set.of("endfor"));
            closeTag();
        }
        endTag();
        lenient = wasLenient;
        return new Node.For(targets, iterable, filter, body, otherwise, begin.line(), begin.column());
    }

    private Node ifBlock(Token begin) {
        boolean wasLenient = lenient;
        lenient = true;
        try {
            return ifChain(begin);
        } finally {
            lenient = wasLenient;
        }
    }

    private Node ifChain(Token begin) {
        List<Expr> tests = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        List<Node> otherwise = List.of();
        tests.add(expressions.tuple(false, Set.of()));
        endTag();
        while (true) {
            bodies.add(body(Set.of("elif", "else", "endif")));
            String tag = closeTag();
            if (tag.equals("elif")) {
                tests.add(expressions.tuple(false, Set.of()));
                endTag();
            } else if (tag.equals("else")) {
                endTag();
                otherwise = body(Set.of("endif"));
                closeTag();
                endTag();
                break;
            } else {
                endTag();
                break;
            }
        }
        return new Node.If(tests, bodies, otherwise, begin.line(), begin.column());
    }

    private Node set(Token begin) {
        Token first = expect(Kind.NAME, "a variable name");
        if (skipOp(".")) {
            Token attribute = expect(Kind.NAME, "an attribute name");
            expectOp("=");
            Expr value = expressions.tuple(true, Set.of());
            endTag();
            return new Assign.NamespaceAttribute(first.text(), attribute.text(), value, begin.line(), begin.column());
        }
        pos--;
        List<String> targets = expressions.targets("=");
        if (skipOp("=")) {
            Expr value = expressions.tuple(true, Set.of());
            endTag();
            return new Assign.Names(targets, value, begin.line(), begin.column());
        }
        if (targets.size() != 1) {
            throw error("a block set assigns one name", first);
        }
        if (peek().isOp("|")) {
            throw error("filters on a block set are not supported", peek());
        }
        endTag();
        List<Node> body = strictBody(Set.of("endset"));
        closeTag();
        endTag();
        return new Assign.Block(targets.get(0), body);
    }
}
