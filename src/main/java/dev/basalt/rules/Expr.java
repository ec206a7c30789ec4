package dev.basalt.rules;

import java.util.List;

/**
 * The syntax tree of a filter or rule expression. {@code &&} binds tighter than {@code ||}, as in
 * SQL (and as PocketBase's flat group concatenation behaves).
 */
public sealed interface Expr {
    /** {@code a || b || ...} */
    record Or(List<Expr> items) implements Expr {}

    /** {@code a && b && ...} */
    record And(List<Expr> items) implements Expr {}

    /** {@code left op right}, e.g. {@code author.name ?~ "ann"}. */
    record Comparison(Operand left, String operator, Operand right, int position) implements Expr {
        /** True for the {@code ?} (any) variants. */
        public boolean any() {
            return operator.startsWith("?");
        }

        /** The operator without the {@code ?} prefix. */
        public String base() {
            return any() ? operator.substring(1) : operator;
        }
    }

    /** One side of a comparison. */
    sealed interface Operand {
        int position();
    }

    /** A field path, {@code @request...}, {@code @collection...}, macro, or {@code null/true/false}. */
    record Identifier(String name, int position) implements Operand {}

    /** Quoted text. */
    record Text(String value, int position) implements Operand {}

    /** A number literal. */
    record Number(String value, int position) implements Operand {}

    /** A function call: {@code geoDistance(...)}, {@code strftime(...)}. */
    record Call(String name, List<Operand> args, int position) implements Operand {}
}
