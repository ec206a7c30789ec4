package dev.basalt.rules;

import org.jooq.Condition;
import org.jooq.Context;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.CustomField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The JSON constructs the compiler (and record actions) need, in one place for every database:
 * iterating a JSON array column, testing membership, extracting a path, counting elements. Each
 * renders for the dialect of the query it ends up in (jOOQ render context), so the compiled rule
 * is the same object on every database.
 *
 * <p>SQLite keeps PocketBase's behaviour exactly; on PostgreSQL multi-value columns are
 * {@code jsonb} and are iterated with {@code jsonb_array_elements_text}; on MariaDB with
 * {@code JSON_TABLE}.
 */
public final class JsonSql {
    private JsonSql() {}

    private static SQLDialect family(Context<?> ctx) {
        return ctx.family();
    }

    /** The column as a JSON array: arrays as they are, anything else wrapped in a one-element array. */
    static Field<Object> normalizedArray(Field<?> column) {
        return CustomField.of("normalized_array", SQLDataType.OTHER, ctx -> {
            switch (family(ctx)) {
                case POSTGRES -> ctx.visit(DSL.field("(CASE WHEN jsonb_typeof(to_jsonb({0})) = 'array' THEN to_jsonb({0}) "
                        + "ELSE jsonb_build_array({0}) END)", column));
                case MYSQL, MARIADB -> ctx.visit(DSL.field("(CASE WHEN JSON_VALID({0}) AND JSON_TYPE({0}) = 'ARRAY' THEN {0} "
                        + "ELSE JSON_ARRAY({0}) END)", column));
                default -> ctx.visit(DSL.field(
                        "CASE WHEN iif(json_valid({0}), json_type({0})='array', FALSE) THEN {0} ELSE json_array({0}) END", column));
            }
        }).coerce(Object.class);
    }

    /** The table function over a JSON array expression whose rows have one text column, {@code value}. */
    private static Field<Object> elements(Field<?> array) {
        return CustomField.of("elements", SQLDataType.OTHER, ctx -> {
            switch (family(ctx)) {
                // elements compare and sort by code point, as on SQLite, whatever the database's collation
                case POSTGRES -> ctx.visit(DSL.field("LATERAL (SELECT value COLLATE \"C\" AS value FROM jsonb_array_elements_text(CAST({0} AS jsonb)))", array));
                case MYSQL, MARIADB -> ctx.visit(DSL.field(
                        "JSON_TABLE({0}, '$[*]' COLUMNS (value LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$'))", array));
                default -> ctx.visit(DSL.field("json_each({0})", array));
            }
        }).coerce(Object.class);
    }

    /** The elements of a JSON array column as a joinable table with a {@code value} column. */
    static Table<?> each(Field<?> column, String alias) {
        return DSL.table("{0}", elements(normalizedArray(column))).as(DSL.name(alias));
    }

    /** The elements of a bound JSON array text as a joinable table with a {@code value} column. */
    static Table<?> eachOfText(String jsonArray, String alias) {
        return DSL.table("{0}", elements(DSL.val(jsonArray))).as(DSL.name(alias));
    }

    /** {@code value IN (elements of the array column)}. */
    static Condition inArray(Field<?> value, Field<?> arrayColumn, String alias) {
        return DSL.condition("{0} IN (SELECT {1} FROM {2} {3})", value, DSL.field(DSL.name(alias, "value")),
                elements(normalizedArray(arrayColumn)), DSL.name(alias));
    }

    /**
     * A multi-value column compared as a whole, as text: PostgreSQL stores it as {@code jsonb},
     * which would otherwise try to read the other side as JSON.
     */
    static Field<Object> asText(Field<?> column) {
        return CustomField.of("as_text", SQLDataType.OTHER, ctx -> {
            if (family(ctx) == SQLDialect.POSTGRES) {
                ctx.visit(DSL.field("CAST({0} AS TEXT)", column));
            } else {
                ctx.visit(column);
            }
        }).coerce(Object.class);
    }

    /** True when a multi-value column holds any of {@code values}. */
    public static Condition containsAny(Field<?> arrayColumn, java.util.Collection<?> values) {
        return DSL.condition("EXISTS (SELECT 1 FROM {0} {1} WHERE {2} IN ({3}))", elements(normalizedArray(arrayColumn)),
                DSL.name("__je"), DSL.field(DSL.name("__je", "value")), DSL.list(values.stream().map(DSL::val).toList()));
    }

    /** The value at {@code path} ("" for the whole value) of a JSON column; non-JSON text reads as a JSON string. */
    static JsonPath extract(Field<?> column, String path) {
        return new JsonPath(column, path, JsonPath.Want.ANY);
    }

    /** The number of values of a multi-valued column (empty text counts as no value). */
    static Field<Object> arrayLength(Field<?> column) {
        return CustomField.of("array_length", SQLDataType.OTHER, ctx -> {
            switch (family(ctx)) {
                case POSTGRES -> ctx.visit(DSL.field("jsonb_array_length(CASE WHEN jsonb_typeof(to_jsonb({0})) = 'array' "
                        + "THEN to_jsonb({0}) WHEN {0} IS NULL OR to_jsonb({0}) = to_jsonb(''::text) THEN '[]'::jsonb "
                        + "ELSE jsonb_build_array({0}) END)", column));
                case MYSQL, MARIADB -> ctx.visit(DSL.field("JSON_LENGTH(CASE WHEN JSON_VALID({0}) AND JSON_TYPE({0}) = 'ARRAY' THEN {0} "
                        + "WHEN {0} IS NULL OR {0} = '' THEN JSON_ARRAY() ELSE JSON_ARRAY({0}) END)", column));
                default -> ctx.visit(DSL.field("json_array_length(CASE WHEN iif(json_valid({0}), json_type({0})='array', FALSE) THEN {0} "
                        + "ELSE (CASE WHEN {0} = '' OR {0} IS NULL THEN json_array() ELSE json_array({0}) END) END)", column));
            }
        }).coerce(Object.class);
    }
}
