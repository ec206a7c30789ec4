package dev.basalt.rules;

import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The JSON constructs the compiler needs, written for SQLite (the one place to add other
 * dialects): iterating a JSON array column, extracting a path, counting array elements.
 */
final class JsonSql {
    private JsonSql() {}

    /** The column as a JSON array: arrays as they are, anything else wrapped ({@code json_array(x)}). */
    static Field<Object> normalizedArray(Field<?> column) {
        return DSL.field("CASE WHEN iif(json_valid({0}), json_type({0})='array', FALSE) THEN {0} ELSE json_array({0}) END", column);
    }

    /** {@code json_each(<array>)} as a joinable table with a {@code value} column. */
    static Table<?> each(Field<?> column, String alias) {
        return DSL.table("json_each({0})", normalizedArray(column)).as(DSL.name(alias));
    }

    /** {@code json_each(?)} over a bound JSON array text. */
    static Table<?> eachOfText(String jsonArray, String alias) {
        return DSL.table("json_each({0})", DSL.val(jsonArray)).as(DSL.name(alias));
    }

    /** The value at {@code path} ("" for the whole value) of a JSON column; non-JSON text reads as a JSON string. */
    static Field<Object> extract(Field<?> column, String path) {
        String p = path.isEmpty() || path.startsWith("[") ? path : "." + path;
        return DSL.field("(CASE WHEN json_valid({0}) THEN JSON_EXTRACT({0}, {1}) ELSE JSON_EXTRACT(json_object('pb', {0}), {2}) END)",
                column, DSL.inline("$" + p), DSL.inline("$.pb" + p));
    }

    /** The number of values of a multi-valued column (empty text counts as no value). */
    static Field<Object> arrayLength(Field<?> column) {
        return DSL.field("json_array_length(CASE WHEN iif(json_valid({0}), json_type({0})='array', FALSE) THEN {0} "
                + "ELSE (CASE WHEN {0} = '' OR {0} IS NULL THEN json_array() ELSE json_array({0}) END) END)", column);
    }
}
