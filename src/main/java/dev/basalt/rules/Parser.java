package dev.basalt.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses filter and rule expressions into {@link Expr} trees, enforcing PocketBase's limits:
 * at most 3,500 characters and 200 comparisons, and function calls nested at most 2 deep.
 */
public final class Parser {
    public static final int MAX_LENGTH = 3500;
    public static final int MAX_COMPARISONS = 200;
    private static final int MAX_DEPTH = 64;

    private final List<Token> tokens;
    private int index;
    private int comparisons;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses an expression. */
    public static Expr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FilterSyntaxException("empty expression", -1);
        }
        if (text.length() > MAX_LENGTH) {
            throw new FilterSyntaxException("the expression is longer than " + MAX_LENGTH + " characters", -1);
        }
        Parser p = new Parser(new Lexer(text).tokens());
        Expr e = p.or(0);
        Token t = p.peek();
        if (t.kind() != Token.Kind.EOF) {
            throw new FilterSyntaxException("unexpected '" + t.text() + "'", t.position());
        }
        return e;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token take() {
        return tokens.get(index++);
    }

    private Expr or(int depth) {
        List<Expr> items = new ArrayList<>();
        items.add(and(depth));
        while (peek().kind() == Token.Kind.OR) {
            take();
            items.add(and(depth));
        }
        return items.size() == 1 ? items.get(0) : new Expr.Or(List.copyOf(items));
    }

    private Expr and(int depth) {
        List<Expr> items = new ArrayList<>();
        items.add(primary(depth));
        while (peek().kind() == Token.Kind.AND) {
            take();
            items.add(primary(depth));
        }
        return items.size() == 1 ? items.get(0) : new Expr.And(List.copyOf(items));
    }

    private Expr primary(int depth) {
        if (depth > MAX_DEPTH) {
            throw new FilterSyntaxException("too many nested groups", peek().position());
        }
        Token t = peek();
        if (t.kind() == Token.Kind.OPEN) {
            take();
            if (peek().kind() == Token.Kind.CLOSE) {
                throw new FilterSyntaxException("empty group", peek().position());
            }
            Expr inner = or(depth + 1);
            Token close = take();
            if (close.kind() != Token.Kind.CLOSE) {
                throw new FilterSyntaxException("expected ')'", close.position());
            }
            return inner;
        }
        return comparison();
    }

    private Expr comparison() {
        Expr.Operand left = operand(0);
        Token op = take();
        if (op.kind() != Token.Kind.OPERATOR) {
            throw new FilterSyntaxException(op.kind() == Token.Kind.EOF ? "expected an operator after '" + describe(left) + "'"
                    : "expected an operator, found '" + op.text() + "'", op.position());
        }
        Expr.Operand right = operand(0);
        if (++comparisons > MAX_COMPARISONS) {
            throw new FilterSyntaxException("more than " + MAX_COMPARISONS + " comparisons", op.position());
        }
        return new Expr.Comparison(left, op.text(), right, op.position());
    }

    private static String describe(Expr.Operand o) {
        return switch (o) {
            case Expr.Identifier i -> i.name();
            case Expr.Text t -> "\"" + t.value() + "\"";
            case Expr.Number n -> n.value();
            case Expr.Call c -> c.name() + "(...)";
        };
    }

    private Expr.Operand operand(int callDepth) {
        Token t = take();
        return switch (t.kind()) {
            case IDENTIFIER -> new Expr.Identifier(t.text(), t.position());
            case TEXT -> new Expr.Text(t.text(), t.position());
            case NUMBER -> new Expr.Number(t.text(), t.position());
            case FUNCTION -> call(t, callDepth);
            case EOF -> throw new FilterSyntaxException("unexpected end of the expression", t.position());
            default -> throw new FilterSyntaxException("expected a field, text, number or function, found '" + t.text() + "'",
                    t.position());
        };
    }

    private Expr.Operand call(Token name, int callDepth) {
        if (callDepth >= 2) {
            throw new FilterSyntaxException("functions can be nested at most 2 levels", name.position());
        }
        take(); // (
        List<Expr.Operand> args = new ArrayList<>();
        if (peek().kind() != Token.Kind.CLOSE) {
            while (true) {
                args.add(operand(callDepth + 1));
                Token sep = take();
                if (sep.kind() == Token.Kind.CLOSE) {
                    break;
                }
                if (sep.kind() != Token.Kind.COMMA) {
                    throw new FilterSyntaxException("expected ',' or ')' in the arguments of " + name.text(), sep.position());
                }
                if (peek().kind() == Token.Kind.CLOSE) {
                    take();
                    break; // trailing comma
                }
            }
        } else {
            take();
        }
        return new Expr.Call(name.text(), List.copyOf(args), name.position());
    }
}
