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
            args.add(compiler.operand(a, "geoDistance").sql());
        }
        Field<Object> distance = DSL.field("(6371 * acos(min(1, max(-1, cos(radians({1})) * cos(radians({3})) * "
                + "cos(radians({2}) - radians({0})) + sin(radians({1})) * sin(radians({3}))))))",
                args.get(0), args.get(1), args.get(2), args.get(3));
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
        Field<Object> sql = call(args);
        Resolved result = Resolved.column(sql).withFallback(NullFallback.ENFORCED);
        if (time != null && time.multiMatch() != null) {
            List<Field<?>> mmArgs = new ArrayList<>(args);
            mmArgs.set(1, time.multiMatch().value);
            time.multiMatch().value = call(mmArgs);
            result = result.withMultiMatch(time.multiMatch());
        }
        return result;
    }

    private static Field<Object> call(List<Field<?>> args) {
        StringBuilder template = new StringBuilder("strftime(");
        for (int i = 0; i < args.size(); i++) {
            template.append(i == 0 ? "" : ",").append('{').append(i).append('}');
        }
        return DSL.field(template.append(')').toString(), args.toArray(new Field<?>[0]));
    }
}
