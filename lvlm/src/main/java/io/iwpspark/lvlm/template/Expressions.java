package io.iwpspark.lvlm.template;

import io.iwpspark.lvlm.template.Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expression grammar with jinja2's precedence (jinja2/parser.py, lowest first): conditional a if b else c, or,
 * and, not, comparisons and in / not in, + -, ~, * / // %, **, unary - +, then postfix .attr [item] (call),
 * and finally filters |f and tests "is t", which bind tighter than every operator.
 */
final class Expressions {
  private static final Set<String> COMPARE = Set.of("==", "!=", "<", "<=", ">", ">=");
  private static final Set<String> TERMINATORS = Set.of("else", "or", "and");

  private final Parser p;

  Expressions(Parser parser) {
    this.p = parser;
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
      e = primary();
    }
    e = postfix(e);
    return withFilter ? filtersAndTests(e) : e;
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
          Expr e = tuple(true, Set.of());
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
      items.add(expression(true));
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
      keys.add(expression(true));
      p.expectOp(":");
      values.add(expression(true));
    }
    return new Expr.DictLit(keys, values);
  }

  private Expr postfix(Expr e) {
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
      start = expression(true);
      if (!p.peek().isOp(":")) {
        return start;
      }
    }
    p.expectOp(":");
    Expr stop = p.peek().isOp(":") || p.peek().isOp("]") || p.peek().isOp(",") ? null : expression(true);
    Expr step = null;
    if (p.skipOp(":") && !p.peek().isOp("]") && !p.peek().isOp(",")) {
      step = expression(true);
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
        keywords.put(t.text(), expression(true));
      } else {
        if (!keywords.isEmpty()) {
          throw p.error("positional argument after keyword argument", t);
        }
        positional.add(expression(true));
      }
    }
    return new Expr.ArgList(positional, keywords);
  }

  private Expr filtersAndTests(Expr e) {
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
