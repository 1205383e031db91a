package io.iwpspark.lvlm.template;

import io.iwpspark.lvlm.template.Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
  * The operands of expressions (jinja2/parser.py parse_primary, parse_postfix, parse_filter_expr): literals,
  * names, list/dict/tuple displays, then .attr, [item or slice], (call), |filter and "is test".
  */
final class Operands {
    private static final Set<String> TERMINATORS = Set.of("else", "or", "and");

    private final Parser p;
    private final Expressions expressions;

    Operands(Parser parser, Expressions expressions) {
        this.p = parser;
        this.expressions = expressions;
    }

    Expr primary() {
        Token t = p.next();
        switch (t.kind()) {
            case NAME:
                switch (t.text()) {
                    case "true": case "True": return new Expr.Const(Boolean.TRUE);
                    case "false": case "False": return new Expr.Const(Boolean.FALSE);
                    case "none": case "None": return new Expr.Const(null);
                    default: return new Expr.Name(t.text());
                }
            case STRING: {
                StringBuilder s = new StringBuilder((String) t.value());
                while (p.peek().kind() == Kind.STRING) {
                    s.append((String) p.next().value());
                }
                return new Expr.Const(s.toString());
            }
            case INTEGER:
            case FLOAT:
                return new Expr.Const(t.value());
            case OPERATOR:
                if (t.text().equals("(")) {
                    if (p.skipOp(")")) {
                        return new Expr.ListLit(List.of(), true);
                    }
                    Expr e = expressions.tuple(true, Set.of());
                    p.expectOp(")");
                    return e;
                } else if (t.text().equals("[")) {
                    return new Expr.ListLit(sequence("]"), false);
                } else if (t.text().equals("{")) {
                    return dict();
                }
                break;
            default:
                break;
        }
        throw p.error("unexpected " + t.describe(), t);
    }

    private List<Expr> sequence(String close) {
        List<Expr> items = new ArrayList<>();
        while (!p.skipOp(close)) {
            if (!items.isEmpty()) {
                p.expectOp(",");
                if (p.skipOp(close)) {
                    break;
                }
            }
            items.add(expressions.expression(true));
        }
        return items;
    }

    private Expr dict() {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!p.skipOp("}")) {
            if (!keys.isEmpty()) {
                p.expectOp(",");
                if (p.skipOp("}")) {
                    break;
                }
            }
            keys.add(expressions.expression(true));
            p.expectOp(":");
            values.add(expressions.expression(true));
        }
        return new Expr.DictLit(keys, values);
    }

    Expr postfix(Expr e) {
        while (true) {
            if (p.skipOp(".")) {
                Token t = p.next();
                if (t.kind() == Kind.NAME) {
                    e = new Expr.Attribute(e, t.text());
                } else if (t.kind() == Kind.INTEGER) {
                    e = new Expr.Item(e, new Expr.Const(t.value()));
                } else {
                    throw p.error("expected an attribute name after '.', found " + t.describe(), t);
                }
            } else if (p.skipOp("[")) {
                e = new Expr.Item(e, subscript());
            } else if (p.skipOp("(")) {
                e = new Expr.Call(e, callArgs());
            } else {
                return e;
            }
        }
    }

    private Expr subscript() {
        List<Expr> keys = new ArrayList<>();
        do {
            if (p.peek().isOp("]")) {
                break;
            }
            keys.add(subscribed());
        } while (p.skipOp(","));
        p.expectOp("]");
        if (keys.isEmpty()) {
            throw p.error("expected a subscript", p.peek());
        }
        return keys.size() == 1 ? keys.get(0) : new Expr.ListLit(keys, true);
    }

    private Expr subscribed() {
        Expr start = null;
        if (!p.peek().isOp(":")) {
            start = expressions.expression(true);
            if (!p.peek().isOp(":")) {
                return start;
            }
        }
        p.expectOp(":");
        Expr stop = p.peek().isOp(":") || p.peek().isOp("]") || p.peek().isOp(",") ? null : expressions.expression(true);
        Expr step = null;
        if (p.skipOp(":") && !p.peek().isOp("]") && !p.peek().isOp(",")) {
            step = expressions.expression(true);
        }
        return new Expr.SliceLit(start, stop, step);
    }

    /** Arguments after '(' up to and including ')': positional first, then name=value. */
    Expr.ArgList callArgs() {
        List<Expr> positional = new ArrayList<>();
        Map<String, Expr> keywords = new LinkedHashMap<>();
        while (!p.skipOp(")")) {
            if (!positional.isEmpty() || !keywords.isEmpty()) {
                p.expectOp(",");
                if (p.skipOp(")")) {
                    break;
                }
            }
            Token t = p.peek();
            if (t.isOp("*") || t.isOp("**")) {
                throw p.error("*args and **kwargs in calls are not supported", t);
            }
            if (t.kind() == Kind.NAME && p.peekAt(1).isOp("=")) {
                p.next();
                p.next();
                keywords.put(t.text(), expressions.expression(true));
            } else {
                if (!keywords.isEmpty()) {
                    throw p.error("positional argument after keyword argument", t);
                }
                positional.add(expressions.expression(true));
            }
        }
        return new Expr.ArgList(positional, keywords);
    }

    Expr filtersAndTests(Expr e) {
        while (true) {
            if (p.peek().isOp("|")) {
                p.next();
                Token name = p.expect(Kind.NAME, "a filter name");
                String full = dotted(name.text());
                Expr.ArgList args = p.skipOp("(") ? callArgs() : Expr.ArgList.NONE;
                e = Filters.exists(full) ? new Expr.Filter(e, full, args) : unknown("filter", full, name);
            } else if (p.peek().isName("is")) {
                e = test(e);
            } else if (p.skipOp("(")) {
                e = new Expr.Call(e, callArgs());
            } else {
                return e;
            }
        }
    }

    private String dotted(String first) {
        StringBuilder name = new StringBuilder(first);
        while (p.skipOp(".")) {
            name.append('.').append(p.expect(Kind.NAME, "a name").text());
        }
        return name.toString();
    }

    private Expr test(Expr e) {
        p.next();
        boolean negated = p.skipName("not");
        Token name = p.expect(Kind.NAME, "a test name");
        String full = dotted(name.text());
        Token t = p.peek();
        Expr.ArgList args = Expr.ArgList.NONE;
        if (p.skipOp("(")) {
            args = callArgs();
        } else if ((t.kind() == Kind.NAME || t.kind() == Kind.STRING || t.kind() == Kind.INTEGER
                || t.kind() == Kind.FLOAT || t.isOp("[") || t.isOp("{"))
                && !(t.kind() == Kind.NAME && TERMINATORS.contains(t.text()))) {
            if (t.isName("is")) {
                throw p.error("you cannot chain multiple tests with is", t);
            }
            args = new Expr.ArgList(List.of(postfix(primary())), Map.of());
        }
        return Tests.exists(full) ? new Expr.Test(e, full, args, negated) : unknown("test", full, name);
    }

    /** An unknown filter or test: an error now, or when evaluated if inside an if block or inline if. */
    private Expr unknown(String kind, String name, Token at) {
        if (!p.lenient()) {
            throw p.error("unknown " + kind + " '" + name + "'", at);
        }
        return new Expr.Unknown(kind, name, at.line(), at.column());
    }
}
