package dev.basalt.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * An operand resolved to SQL (PocketBase's ResolverResult).
 *
 * @param sql        the SQL value expression ("any" semantics on joined rows)
 * @param raw        the literal SQL text for literals ({@code NULL}, {@code 1}, {@code 0}, {@code TRUE}), else null
 * @param params     the values bound inside {@code sql}, in order
 * @param rebuild    rebuilds {@code sql} with other param values (LIKE wrapping), null when there are none
 * @param fallback   NULL handling of {@code =}/{@code !=}
 * @param multiMatch the match-all subquery for multi-valued operands, or null
 * @param afterBuild a wrapper applied to the finished comparison (email visibility), or null
 * @param textual    the value is known to be text (a text column or parameter): the servers may
 *                   compare it with '' as it is, where other types need a cast first
 */
record Resolved(Field<Object> sql, String raw, List<Object> params, Function<List<Object>, Field<Object>> rebuild,
        NullFallback fallback, MultiMatch multiMatch, UnaryOperator<Condition> afterBuild, boolean textual) {

    static Resolved column(Field<Object> sql) {
        return new Resolved(sql, null, List.of(), null, NullFallback.AUTO, null, null, false);
    }

    /** A bound value. */
    static Resolved param(Object value) {
        return new Resolved(bind(value), null, listOf(value), p -> bind(p.get(0)), NullFallback.AUTO, null, null, value instanceof String);
    }

    /** A function of one bound value, e.g. {@code LOWER(?)}. */
    static Resolved paramCall(Object value, Function<Field<Object>, Field<Object>> call) {
        return new Resolved(call.apply(bind(value)), null, listOf(value), p -> call.apply(bind(p.get(0))), NullFallback.AUTO,
                null, null, value instanceof String);
    }

    @SuppressWarnings("unchecked")
    static Field<Object> bind(Object value) {
        return (Field<Object>) (Field<?>) DSL.val(value);
    }

    private static List<Object> listOf(Object value) {
        List<Object> l = new ArrayList<>(1);
        l.add(value);
        return l;
    }

    /** A literal such as NULL, 1, 0, TRUE. */
    static Resolved raw(String text) {
        return new Resolved(DSL.field(text), text, List.of(), null, NullFallback.AUTO, null, null, false);
    }

    /** {@code true}/{@code false}: rendered per database by jOOQ (1/0 on SQLite, TRUE/FALSE on servers). */
    static Resolved bool(boolean value) {
        return new Resolved(DSL.field("{0}", Object.class, DSL.inline(value)), value ? "true" : "false", List.of(), null,
                NullFallback.AUTO, null, null, false);
    }

    static Resolved nullValue() {
        return raw("NULL");
    }

    Resolved withFallback(NullFallback nf) {
        return new Resolved(sql, raw, params, rebuild, nf, multiMatch, afterBuild, textual);
    }

    Resolved withMultiMatch(MultiMatch mm) {
        return new Resolved(sql, raw, params, rebuild, fallback, mm, afterBuild, textual);
    }

    Resolved withAfterBuild(UnaryOperator<Condition> after) {
        return new Resolved(sql, raw, params, rebuild, fallback, multiMatch, after, textual);
    }

    Resolved withSql(Field<Object> newSql) {
        return new Resolved(newSql, raw, params, null, fallback, multiMatch, afterBuild, textual);
    }

    /** The same operand, known to be text. */
    Resolved asText() {
        return new Resolved(sql, raw, params, rebuild, fallback, multiMatch, afterBuild, true);
    }

    /** The literal {@code true} (or {@code TRUE} from {@code :isset}). */
    boolean isTrueLiteral() {
        return raw != null && raw.equalsIgnoreCase("true");
    }

    /** What this operand is compared as, for a JSON value on the other side (see {@link JsonPath}). */
    JsonPath.Want comparedType() {
        Object value = params.size() == 1 ? params.get(0) : raw;
        return switch (value) {
            case Number n -> JsonPath.Want.NUMBER;
            case Boolean b -> JsonPath.Want.BOOLEAN;
            case String s when raw != null && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) -> JsonPath.Want.BOOLEAN;
            case String s when raw != null && s.matches("-?\\d+") -> JsonPath.Want.NUMBER;
            case null, default -> JsonPath.Want.ANY;
        };
    }

    /** PocketBase's isEmptyIdent: the literal NULL or an empty literal. */
    boolean isEmptyLiteral() {
        if (raw == null) {
            return false;
        }
        String r = raw.toLowerCase(Locale.ROOT);
        return r.isEmpty() || r.equals("null") || r.equals("''") || r.equals("\"\"") || r.equals("``");
    }

    private boolean hasEmptyParam() {
        for (Object p : params) {
            if (p == null || "".equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** The operand is NULL or an empty value. */
    boolean isEmpty() {
        return isEmptyLiteral() || (fallback == NullFallback.AUTO && params.size() == 1 && hasEmptyParam());
    }

    /** The operand is known not to be NULL/empty (a non-empty param or a boolean/number literal). */
    boolean knownNonEmpty() {
        if (fallback == NullFallback.ENFORCED) {
            return false;
        }
        if (raw != null) {
            String r = raw.toLowerCase(Locale.ROOT);
            if (r.equals("1") || r.equals("0") || r.equals("false") || r.equals("true")) {
                return true;
            }
        }
        return !params.isEmpty() && !hasEmptyParam() && !isEmptyLiteral();
    }
}
