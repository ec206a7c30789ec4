package dev.basalt.rules;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** The functions of the filter language: {@code geoDistance(lonA, latA, lonB, latB)} and {@code strftime(format, [time, modifiers...])}. */
final class Functions {
    private Functions() {}

    static Resolved apply(ExprCompiler compiler, Expr.Call call) {
        return switch (call.name()) {
            case "geoDistance" -> geoDistance(compiler, call);
            case "strftime" -> strftime(compiler, call);
            default -> throw new FilterSyntaxException("unknown function \"" + call.name() + "\"", call.position());
        };
    }

    private static Resolved geoDistance(ExprCompiler compiler, Expr.Call call) {
        if (call.args().size() != 4) {
            throw new FilterSyntaxException("[geoDistance] expected 4 arguments, got " + call.args().size(), call.position());
        }
        List<Field<Object>> args = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Expr.Operand a = call.args().get(i);
            if (!(a instanceof Expr.Identifier) && !(a instanceof Expr.Number)) {
                throw new FilterSyntaxException("[geoDistance] argument " + i + " must be an identifier or number", a.position());
            }
            Field<Object> arg = compiler.operand(a, "geoDistance").sql();
            args.add(arg instanceof JsonPath json ? json.as(JsonPath.Want.NUMBER) : arg);
        }
        String cosine = "cos(radians({1})) * cos(radians({3})) * cos(radians({2}) - radians({0})) + sin(radians({1})) * sin(radians({3}))";
        // SQLite's min()/max() of several values are LEAST()/GREATEST() on the servers
        Field<Object> distance = org.jooq.impl.CustomField.of("geo_distance", org.jooq.impl.SQLDataType.OTHER, ctx -> ctx.visit(
                DSL.field(ctx.family() == org.jooq.SQLDialect.SQLITE ? "(6371 * acos(min(1, max(-1, " + cosine + "))))"
                        : "(6371 * acos(LEAST(1, GREATEST(-1, " + cosine + "))))", args.get(0), args.get(1), args.get(2), args.get(3))))
                .coerce(Object.class);
        return Resolved.column(distance).withFallback(NullFallback.DISABLED);
    }

    private static Resolved strftime(ExprCompiler compiler, Expr.Call call) {
        List<Expr.Operand> a = call.args();
        if (a.isEmpty()) {
            throw new FilterSyntaxException("[strftime] expected at least 1 arguments, got 0", call.position());
        }
        if (a.size() > 10) {
            throw new FilterSyntaxException("[strftime] too many arguments (max allowed 10, got " + a.size() + ")", call.position());
        }
        if (!(a.get(0) instanceof Expr.Text format)) {
            throw new FilterSyntaxException("[strftime] expects the first argument to be a format string", a.get(0).position());
        }
        List<Field<?>> args = new ArrayList<>();
        args.add(DSL.val(format.value()));
        Resolved time = null;
        if (a.size() > 1) {
            Expr.Operand t = a.get(1);
            if (t instanceof Expr.Call) {
                throw new FilterSyntaxException("[strftime] expects the second argument to be of a valid time-value type", t.position());
            }
            time = compiler.operand(t, "strftime");
            args.add(time.sql());
        }
        for (int i = 2; i < a.size(); i++) {
            if (!(a.get(i) instanceof Expr.Text modifier)) {
                throw new FilterSyntaxException("[strftime] invalid modifier argument " + (i - 2) + " - can be only string",
                        a.get(i).position());
            }
            args.add(DSL.val(modifier.value()));
        }
        String fmt = format.value();
        boolean modifiers = a.size() > 2;
        Field<Object> sql = call(args, fmt, modifiers);
        Resolved result = Resolved.column(sql).withFallback(NullFallback.ENFORCED);
        if (time != null && time.multiMatch() != null) {
            List<Field<?>> mmArgs = new ArrayList<>(args);
            mmArgs.set(1, time.multiMatch().value);
            time.multiMatch().value = call(mmArgs, fmt, modifiers);
            result = result.withMultiMatch(time.multiMatch());
        }
        return result;
    }

    /**
     * {@code strftime} on SQLite; on the servers the format is translated (to_char / DATE_FORMAT)
     * over the stored text time, NULL for empty text like SQLite. Modifiers are SQLite-only.
     */
    private static Field<Object> call(List<Field<?>> args, String format, boolean modifiers) {
        StringBuilder template = new StringBuilder("strftime(");
        for (int i = 0; i < args.size(); i++) {
            template.append(i == 0 ? "" : ",").append('{').append(i).append('}');
        }
        Field<Object> sqlite = DSL.field(template.append(')').toString(), args.toArray(new Field<?>[0]));
        if (modifiers || args.size() < 2) {
            return sqlite;
        }
        Field<?> time = args.get(1);
        return org.jooq.impl.CustomField.of("strftime", org.jooq.impl.SQLDataType.OTHER, ctx -> {
            switch (ctx.family()) {
                case POSTGRES -> ctx.visit(DSL.field("(CASE WHEN {0} IS NULL OR CAST({0} AS TEXT) = '' THEN NULL "
                        + "ELSE to_char(CAST(CAST({0} AS TEXT) AS timestamp), {1}) END)", time, DSL.inline(postgresFormat(format))));
                case MYSQL, MARIADB -> ctx.visit(DSL.field("(CASE WHEN {0} IS NULL OR {0} = '' THEN NULL "
                        + "ELSE DATE_FORMAT(CAST(LEFT({0}, 23) AS DATETIME(3)), {1}) END)", time, DSL.inline(mariaFormat(format))));
                default -> ctx.visit(sqlite);
            }
        }).coerce(Object.class);
    }

    /** SQLite's strftime format as PostgreSQL's to_char pattern (literal text quoted). */
    static String postgresFormat(String f) {
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            String pattern = null;
            if (c == '%' && i + 1 < f.length()) {
                pattern = switch (f.charAt(i + 1)) {
                    case 'Y' -> "YYYY";
                    case 'm' -> "MM";
                    case 'd' -> "DD";
                    case 'H' -> "HH24";
                    case 'M' -> "MI";
                    case 'S' -> "SS";
                    case 'f' -> "SS.MS";
                    case 'j' -> "DDD";
                    default -> null;
                };
                if (pattern != null || f.charAt(i + 1) == '%') {
                    i++;
                }
                if (pattern == null) {
                    literal.append('%');
                    continue;
                }
            }
            if (pattern == null) {
                literal.append(c);
                continue;
            }
            if (!literal.isEmpty()) {
                out.append('"').append(literal).append('"');
                literal.setLength(0);
            }
            out.append(pattern);
        }
        if (!literal.isEmpty()) {
            out.append('"').append(literal).append('"');
        }
        return out.toString();
    }

    /** SQLite's strftime format as MariaDB's DATE_FORMAT pattern. */
    static String mariaFormat(String f) {
        return f.replace("%M", "%i").replace("%S", "%s").replace("%f", "%s.%f");
    }
}
