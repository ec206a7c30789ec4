package dev.basalt.rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.CustomCondition;
import org.jooq.impl.CustomField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Compiles filter expressions into SQL conditions (PocketBase's {@code tools/search/filter.go}):
 * NULL/empty-aware equality, LIKE with automatic wildcards, and match-all semantics for
 * multi-valued operands unless the {@code ?} operator variant asks for "any".
 */
final class ExprCompiler {
    private final FieldResolver resolver;
    private final Clock clock;
    private final AtomicInteger aliases = new AtomicInteger();

    ExprCompiler(FieldResolver resolver, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
        resolver.compiler = this;
    }

    FieldResolver resolver() {
        return resolver;
    }

    Condition compile(Expr e) {
        return switch (e) {
            case Expr.Or or -> {
                List<Condition> items = new ArrayList<>();
                or.items().forEach(i -> items.add(compile(i)));
                yield DSL.or(items);
            }
            case Expr.And and -> {
                List<Condition> items = new ArrayList<>();
                and.items().forEach(i -> items.add(compile(i)));
                yield DSL.and(items);
            }
            case Expr.Comparison c -> comparison(c);
        };
    }

    private Condition comparison(Expr.Comparison c) {
        Resolved left = operand(c.left(), "left");
        Resolved right = operand(c.right(), "right");
        String op = c.base();
        Condition expr = build(left, right, op);
        if (!c.any() && (left.multiMatch() != null || right.multiMatch() != null)) {
            expr = DSL.and(expr, matchAll(left, right, op));
        }
        if (left.afterBuild() != null) {
            expr = left.afterBuild().apply(expr);
        }
        if (right.afterBuild() != null) {
            expr = right.afterBuild().apply(expr);
        }
        return expr;
    }

    Resolved operand(Expr.Operand o, String side) {
        try {
            return switch (o) {
                case Expr.Text t -> Resolved.param(t.value());
                case Expr.Number n -> Resolved.param(Double.parseDouble(n.value()));
                case Expr.Call call -> Functions.apply(this, call);
                case Expr.Identifier id -> identifier(id.name());
            };
        } catch (FilterSyntaxException e) {
            throw new FilterSyntaxException("invalid " + side + " operand - " + e.getMessage(), o.position());
        }
    }

    Resolved identifier(String name) {
        Optional<Object> macro = Macros.value(name, clock);
        if (macro.isPresent()) {
            return Resolved.param(macro.get());
        }
        try {
            return resolver.resolve(name);
        } catch (FilterSyntaxException e) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "null" -> {
                    return Resolved.nullValue();
                }
                case "true" -> {
                    return Resolved.bool(true);
                }
                case "false" -> {
                    return Resolved.bool(false);
                }
                default -> throw e;
            }
        }
    }

    /** The comparison on the (joined) operands: "any" semantics. */
    Condition build(Resolved left, Resolved right, String op) {
        Resolved l = typedFor(left, right);
        Resolved r = typedFor(right, left);
        if (isNonNumericText(r) && !l.textual()) {
            l = l.withSql(text(l)).asText();
        } else if (isNonNumericText(l) && !r.textual()) {
            r = r.withSql(text(r)).asText();
        }
        return switch (op) {
            case "=" -> equal(l, r, true);
            case "!=" -> equal(l, r, false);
            case "~" -> like(l, r, false);
            case "!~" -> like(l, r, true);
            case ">" -> l.sql().gt(r.sql());
            case ">=" -> l.sql().ge(r.sql());
            case "<" -> l.sql().lt(r.sql());
            case "<=" -> l.sql().le(r.sql());
            default -> throw new FilterSyntaxException("unknown expression operator \"" + op + "\"", -1);
        };
    }

    /**
     * A text parameter that is no number: SQLite compares it with a number column as unequal
     * (text sorts after numbers); the servers would try to read it as a number (PostgreSQL
     * fails, MariaDB reads 0), so the other side is compared as text there.
     */
    private static boolean isNonNumericText(Resolved operand) {
        if (operand.params().size() != 1 || !(operand.params().get(0) instanceof String s) || s.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(s.strip());
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * A JSON value compared as the type of the other operand (the servers need one; see
     * {@link JsonPath}); compared with a boolean, it is a number and the boolean 1 or 0, as on SQLite.
     */
    private static Resolved typedFor(Resolved side, Resolved other) {
        if (side.sql() instanceof JsonPath json && other.comparedType() != JsonPath.Want.ANY) {
            return side.withSql(json.as(JsonPath.Want.NUMBER));
        }
        if (other.sql() instanceof JsonPath && side.comparedType() == JsonPath.Want.BOOLEAN) {
            boolean value = side.params().isEmpty() ? side.isTrueLiteral() : Boolean.TRUE.equals(side.params().get(0));
            return side.params().isEmpty() ? Resolved.raw(value ? "1" : "0") : Resolved.param(value ? 1.0 : 0.0);
        }
        return side;
    }

    private static Field<Object> empty() {
        return DSL.inline("").coerce(Object.class);
    }

    /** PocketBase's resolveEqualExpr: NULL and '' are equal unless an operand disables that. */
    private static Condition equal(Resolved l, Resolved r, boolean equal) {
        if (l.fallback() == NullFallback.DISABLED || r.fallback() == NullFallback.DISABLED) {
            return equal ? l.sql().isNotDistinctFrom(r.sql()) : l.sql().isDistinctFrom(r.sql());
        }
        boolean lEmpty = l.isEmpty();
        boolean rEmpty = r.isEmpty();
        if (lEmpty && rEmpty) {
            return equal ? DSL.trueCondition() : DSL.falseCondition();
        }
        if (l.knownNonEmpty() || r.knownNonEmpty()) {
            Field<Object> lf = lEmpty ? empty() : rEmpty ? text(l) : l.sql();
            Field<Object> rf = rEmpty ? empty() : lEmpty ? text(r) : r.sql();
            return equal ? lf.eq(rf) : lf.isDistinctFrom(rf);
        }
        if (lEmpty) {
            return equal ? DSL.or(empty().eq(text(r)), r.sql().isNull())
                    : DSL.and(empty().isDistinctFrom(text(r)), r.sql().isNotNull());
        }
        if (rEmpty) {
            return equal ? DSL.or(text(l).eq(empty()), l.sql().isNull())
                    : DSL.and(text(l).isDistinctFrom(empty()), l.sql().isNotNull());
        }
        Field<Object> lc = DSL.coalesce(text(l), empty());
        Field<Object> rc = DSL.coalesce(text(r), empty());
        return equal ? lc.eq(rc) : lc.isDistinctFrom(rc);
    }

    /**
     * An operand as compared with '': SQLite compares a number with '' as unequal values, while
     * PostgreSQL refuses to read '' as a number and MariaDB reads it as 0; non-text operands are
     * compared as text there.
     */
    private static Field<Object> text(Resolved operand) {
        if (operand.textual()) {
            return operand.sql();
        }
        Field<Object> value = operand.sql();
        return CustomField.of("as_text", SQLDataType.OTHER, ctx -> {
            switch (ctx.family()) {
                case POSTGRES -> ctx.visit(DSL.field("CAST({0} AS TEXT)", value));
                case MYSQL, MARIADB -> ctx.visit(DSL.field("CAST({0} AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin", value));
                default -> ctx.visit(value);
            }
        }).coerce(Object.class);
    }

    /** LIKE with PocketBase's wildcard rules: plain text is wrapped in %...% with % and _ escaped. */
    private static Condition like(Resolved l, Resolved r, boolean negate) {
        Field<Object> right;
        Field<Object> serverRight;
        if (!r.params().isEmpty() && r.rebuild() != null) {
            List<Object> wrapped = new ArrayList<>();
            for (Object p : r.params()) {
                wrapped.add(wrapLike(p == null ? "" : dev.basalt.collections.Values.toText(p)));
            }
            right = r.rebuild().apply(wrapped);
            serverRight = right;
        } else {
            right = DSL.field("('%' || {0} || '%')", r.sql());
            // MariaDB reads || as OR: the servers concatenate with jOOQ's per-database CONCAT
            serverRight = DSL.field("{0}", Object.class, DSL.concat(DSL.inline("%"), r.sql().cast(String.class), DSL.inline("%")));
        }
        String op = negate ? "NOT LIKE" : "LIKE";
        // SQLite's LIKE ignores ASCII case; the servers are made to ignore case too (MariaDB: beyond ASCII)
        return CustomCondition.of(ctx -> {
            switch (ctx.family()) {
                // in the "C" collation ILIKE folds ASCII letters only, as SQLite's LIKE
                case POSTGRES -> ctx.visit(DSL.condition("CAST({0} AS TEXT) COLLATE \"C\" " + (negate ? "NOT ILIKE" : "ILIKE")
                        + " CAST({1} AS TEXT) ESCAPE '\\'", l.sql(), serverRight));
                case MYSQL, MARIADB -> ctx.visit(DSL.condition("LOWER({0}) " + op + " LOWER({1}) ESCAPE '\\\\'", l.sql(), serverRight));
                default -> ctx.visit(DSL.condition("{0} " + op + " {1} ESCAPE '\\'", l.sql(), right));
            }
        });
    }

    /** Wraps a LIKE value in % unless it already contains an unescaped %. */
    static String wrapLike(String v) {
        if (hasUnescaped(v, '%')) {
            return v;
        }
        StringBuilder sb = new StringBuilder("%");
        boolean escaped = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (escaped) {
                sb.append(c);
                escaped = false;
                continue;
            }
            if (c == '\\') {
                boolean escapesSpecial = i + 1 < v.length() && (v.charAt(i + 1) == '%' || v.charAt(i + 1) == '_' || v.charAt(i + 1) == '\\');
                if (escapesSpecial) {
                    sb.append(c);
                    escaped = true;
                } else {
                    sb.append("\\\\");
                }
                continue;
            }
            if (c == '%' || c == '_') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('%').toString();
    }

    private static boolean hasUnescaped(String v, char target) {
        boolean escaped = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (escaped) {
                escaped = false;
                continue;
            }
            if (c == '\\') {
                escaped = true;
            } else if (c == target) {
                return true;
            }
        }
        return false;
    }

    /**
     * NOT EXISTS a value of the multi-valued side(s) that violates the comparison. On MariaDB the
     * value lists are uncorrelated derived tables matched by id (it refuses outer references there).
     */
    private Condition matchAll(Resolved l, Resolved r, String op) {
        int n = aliases.incrementAndGet();
        if (l.multiMatch() != null && r.multiMatch() != null) {
            String ml = "__ml" + n;
            String mr = "__mr" + n;
            Resolved lv = Resolved.column(DSL.field(DSL.name(ml, "multiMatchValue"))).withFallback(l.fallback());
            Resolved rv = Resolved.column(DSL.field(DSL.name(mr, "multiMatchValue"))).withFallback(r.fallback());
            Condition violated = DSL.not(build(lv, rv, op));
            Condition correlated = DSL.notExists(DSL.selectOne().from(l.multiMatch().build(null).asTable(ml))
                    .leftJoin(r.multiMatch().build(null).asTable(mr)).on(DSL.trueCondition()).where(violated));
            Condition uncorrelated = DSL.notExists(DSL.selectOne().from(l.multiMatch().buildUncorrelated().asTable(ml))
                    .leftJoin(r.multiMatch().buildUncorrelated().asTable(mr)).on(r.multiMatch().sameRow(mr))
                    .where(l.multiMatch().sameRow(ml)).and(violated));
            return perDatabase(correlated, uncorrelated);
        }
        boolean inverse = l.multiMatch() == null;
        Resolved many = inverse ? r : l;
        Resolved one = (inverse ? l : r).withFallback(NullFallback.AUTO);
        MultiMatch values = many.multiMatch();
        if (values.value instanceof JsonPath json && one.comparedType() != JsonPath.Want.ANY) {
            // the list's JSON values compared with a number: read as numbers, as in build()
            values = values.withValue(json.as(JsonPath.Want.NUMBER));
            one = typedFor(one, many);
        }
        String sm = "__sm" + n;
        Resolved mv = Resolved.column(DSL.field(DSL.name(sm, "multiMatchValue"))).withFallback(many.fallback());
        Condition violated = DSL.not(inverse ? build(one, mv, op) : build(mv, one, op));
        Condition correlated = DSL.notExists(DSL.selectOne().from(values.build(null).asTable(sm)).where(violated));
        Condition uncorrelated = DSL.notExists(DSL.selectOne().from(values.buildUncorrelated().asTable(sm))
                .where(values.sameRow(sm)).and(violated));
        return perDatabase(correlated, uncorrelated);
    }

    private static Condition perDatabase(Condition other, Condition mariadb) {
        return CustomCondition.of(ctx -> ctx.visit(switch (ctx.family()) {
            case MYSQL, MARIADB -> mariadb;
            default -> other;
        }));
    }
}
