package io.iwpspark.lvlm.template;

import io.iwpspark.lvlm.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
  * Expression grammar with jinja2's precedence (jinja2/parser.py, lowest first): conditional a if b else c, or,
  * and, not, comparisons and in / not in, + -, ~, * / // %, **, unary - +, then postfix .attr [item] (call),
  * and finally filters |f and tests "is t", which bind tighter than every operator ({@link Operands}).
  */
final class Expressions {
    private static final Set<String> COMPARE = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final Parser p;
    private final Operands operands;

    Expressions(Parser parser) {
        this.p = parser;
        this.operands = new Operands(parser, this);
    }

    Expr expression(boolean withConditional) {
        return withConditional ? conditional() : or();
    }

    /** An expression or a bare comma-separated tuple ({@code {{ a, b }}}, {@code for x in a, b}). */
    Expr tuple(boolean withConditional, Set<String> extraEnd) {
        List<Expr> items = new ArrayList<>();
        boolean comma = false;
        while (true) {
            if (!items.isEmpty()) {
                if (!p.skipOp(",")) {
                    break;
                }
                comma = true;
            }
            Token t = p.peek();
            if (t.kind() == Kind.VAR_END || t.kind() == Kind.BLOCK_END || t.isOp(")")
                    || (t.kind() == Kind.NAME && extraEnd.contains(t.text()))) {
                break;
            }
            items.add(expression(withConditional));
        }
        if (!comma && items.size() == 1) {
            return items.get(0);
        }
        if (items.isEmpty() && !comma) {
            throw p.error("expected an expression, found " + p.peek().describe(), p.peek());
        }
        return new Expr.ListLit(items, true);
    }

    /** Assignment targets of for and set: one name or names separated by commas (optionally parenthesised). */
    List<String> targets(String stopAt) {
        List<String> names = new ArrayList<>();
        boolean paren = p.skipOp("(");
        do {
            if (p.peek().isName(stopAt) || p.peek().isOp(stopAt)) {
                break;
            }
            names.add(p.expect(Kind.NAME, "a variable name").text());
        } while (p.skipOp(","));
        if (paren) {
            p.expectOp(")");
        }
        if (names.isEmpty()) {
            throw p.error("expected a variable name, found " + p.peek().describe(), p.peek());
        }
        return names;
    }

    /**
      * {@code a if test else b}. Its first operand is parsed before the "if" shows it is one, so an unknown filter
      * or test there is checked once the "if" is seen, as jinja2 compiles the whole inline if leniently.
      */
    private Expr conditional() {
        int start = p.position();
        boolean wasLenient = p.lenient();
        p.setLenient(true);
        Expr e = or();
        if (!p.peek().isName("if") && !wasLenient) {
            p.setLenient(false);
            p.rewind(start);
            return or();
        }
        while (p.skipName("if")) {
            Expr test = or();
            Expr otherwise = p.skipName("else") ? conditional() : null;
            e = new Expr.Conditional(test, e, otherwise);
        }
        p.setLenient(wasLenient);
        return e;
    }

    private Expr or() {
        Expr e = and();
        while (p.skipName("or")) {
            e = new Expr.Logic(false, e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (p.skipName("and")) {
            e = new Expr.Logic(true, e, not());
        }
        return e;
    }

    private Expr not() {
        if (p.skipName("not")) {
            return new Expr.Not(not());
        }
        return compare();
    }

    private Expr compare() {
        Expr first = math1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = p.peek();
            if (t.kind() == Kind.OPERATOR && COMPARE.contains(t.text())) {
                p.next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                p.next();
                ops.add("in");
            } else if (t.isName("not") && p.peekAt(1).isName("in")) {
                p.next();
                p.next();
                ops.add("notin");
            } else {
                break;
            }
            rest.add(math1());
        }
        return ops.isEmpty() ? first : new Expr.Comparison(first, ops, rest);
    }

    private Expr math1() {
        Expr e = concat();
        while (p.peek().isOp("+") || p.peek().isOp("-")) {
            e = new Expr.Binary(p.next().text(), e, concat());
        }
        return e;
    }

    private Expr concat() {
        Expr e = math2();
        while (p.skipOp("~")) {
            e = new Expr.Binary("~", e, math2());
        }
        return e;
    }

    private Expr math2() {
        Expr e = pow();
        while (p.peek().isOp("*") || p.peek().isOp("/") || p.peek().isOp("//") || p.peek().isOp("%")) {
            e = new Expr.Binary(p.next().text(), e, pow());
        }
        return e;
    }

    private Expr pow() {
        Expr e = unary(true);
        while (p.skipOp("**")) {
            e = new Expr.Binary("**", e, unary(true));
        }
        return e;
    }

    private Expr unary(boolean withFilter) {
        Expr e;
        if (p.peek().isOp("-") || p.peek().isOp("+")) {
            boolean minus = p.next().text().equals("-");
            e = new Expr.Negate(unary(false), minus);
        } else {
            e = operands.primary();
        }
        e = operands.postfix(e);
        return withFilter ? operands.filtersAndTests(e) : e;
    }
}
