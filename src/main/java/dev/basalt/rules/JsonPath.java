package dev.basalt.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Context;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.CustomField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A value inside a JSON column, read with SQLite's semantics on every database. SQLite's
 * {@code JSON_EXTRACT} yields a value of the JSON type: text for strings, numbers, 1/0 for
 * booleans, NULL for null or a missing path, JSON text for objects and arrays. The servers need
 * one static type per expression: text unless the value is compared with a number or boolean
 * ({@link #as}), where booleans read as 1/0 and other JSON types as NULL; for sorting,
 * {@link #sortFields} orders like SQLite (NULL, numbers, text) with three keys.
 */
final class JsonPath extends CustomField<Object> {
    /** The type a JSON value is compared as: booleans compare as numbers (true 1, false 0), as on SQLite. */
    enum Want { ANY, NUMBER, BOOLEAN }

    private static final Pattern SEGMENT = Pattern.compile("\\[(\\d+)]|([^.\\[\\]]+)");
    private static final String MARIADB_NUMBER = "('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL')";

    private final Field<?> column;
    private final String path;
    private final Want want;

    JsonPath(Field<?> column, String path, Want want) {
        super(DSL.name("json_path"), SQLDataType.OTHER);
        this.column = column;
        this.path = path;
        this.want = want;
    }

    /** The same value compared as {@code type}. */
    JsonPath as(Want type) {
        return new JsonPath(column, path, type);
    }

    @Override
    public void accept(Context<?> ctx) {
        switch (ctx.family()) {
            case POSTGRES -> ctx.visit(postgres());
            case MYSQL, MARIADB -> ctx.visit(mariadb());
            default -> ctx.visit(DSL.field(
                    "(CASE WHEN json_valid({0}) THEN JSON_EXTRACT({0}, {1}) ELSE JSON_EXTRACT(json_object('pb', {0}), {2}) END)",
                    column, DSL.inline("$" + dotted(path)), DSL.inline("$.pb" + dotted(path))));
        }
    }

    /** What to ORDER BY: SQLite's order of JSON_EXTRACT values, as rank, number and text on the servers. */
    List<Field<?>> sortFields(SQLDialect family) {
        return switch (family) {
            case POSTGRES -> {
                Field<?> json = postgresJson();
                yield List.of(
                        DSL.field("(CASE WHEN {0} IS NULL OR jsonb_typeof({0}) = 'null' THEN 0 "
                                + "WHEN jsonb_typeof({0}) IN ('number', 'boolean') THEN 1 ELSE 2 END)", json),
                        as(Want.NUMBER).postgres(),
                        DSL.field("(CASE WHEN jsonb_typeof({0}) IN ('string', 'object', 'array') THEN ({0} #>> '{}') COLLATE \"C\" END)", json));
            }
            case MYSQL, MARIADB -> {
                Field<?> json = mariadbJson();
                yield List.of(
                        DSL.field("(CASE WHEN {0} IS NULL OR JSON_TYPE({0}) = 'NULL' THEN 0 "
                                + "WHEN JSON_TYPE({0}) IN " + MARIADB_NUMBER + " OR JSON_TYPE({0}) = 'BOOLEAN' THEN 1 ELSE 2 END)", json),
                        as(Want.NUMBER).mariadb(),
                        DSL.field("(CASE WHEN JSON_TYPE({0}) IN ('STRING', 'OBJECT', 'ARRAY') THEN " + binary("JSON_UNQUOTE({0})") + " END)", json));
            }
            default -> List.of(this);
        };
    }

    private Field<?> postgresJson() {
        StringBuilder segments = new StringBuilder("{");
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            segments.append(segments.length() > 1 ? "," : "").append('"').append(m.group(1) != null ? m.group(1) : m.group(2)).append('"');
        }
        return DSL.field("(to_jsonb({0}) #> {1})", column, DSL.inline(segments.append('}').toString()));
    }

    private Field<?> postgres() {
        Field<?> json = postgresJson();
        return switch (want) {
            case NUMBER, BOOLEAN -> DSL.field("(CASE jsonb_typeof({0}) WHEN 'number' THEN ({0} #>> '{}')::double precision "
                    + "WHEN 'boolean' THEN (CASE WHEN {0} = 'true'::jsonb THEN 1 ELSE 0 END) END)", json);
            case ANY -> DSL.field("(({0} #>> '{}') COLLATE \"C\")", json);
        };
    }

    /**
     * The JSON value at the path, or NULL. MariaDB reads {@code $[0]} of a non-array as the value
     * itself, where SQLite finds nothing: each index step requires an array.
     */
    private Field<?> mariadbJson() {
        Field<?> doc = DSL.field("(CASE WHEN JSON_VALID({0}) THEN {0} ELSE JSON_QUOTE({0}) END)", column);
        List<String> arrays = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            if (m.group(1) != null) {
                arrays.add("JSON_TYPE(JSON_EXTRACT({0}, '$" + dotted(path.substring(0, m.start())) + "')) = 'ARRAY'");
            }
        }
        String extract = "JSON_EXTRACT({0}, {1})";
        return arrays.isEmpty() ? DSL.field(extract, doc, DSL.inline("$" + dotted(path)))
                : DSL.field("(CASE WHEN " + String.join(" AND ", arrays) + " THEN " + extract + " END)", doc, DSL.inline("$" + dotted(path)));
    }

    private Field<?> mariadb() {
        Field<?> json = mariadbJson();
        return switch (want) {
            case NUMBER, BOOLEAN -> DSL.field("(CASE WHEN JSON_TYPE({0}) IN " + MARIADB_NUMBER + " THEN CAST({0} AS DOUBLE) "
                    + "WHEN JSON_TYPE({0}) = 'BOOLEAN' THEN ({0} = 'true') END)", json);
            case ANY -> DSL.field("(CASE JSON_TYPE({0}) WHEN 'NULL' THEN NULL WHEN 'BOOLEAN' THEN IF({0} = 'true', '1', '0') "
                    + "ELSE " + binary("JSON_UNQUOTE({0})") + " END)", json);
        };
    }

    /** MariaDB text compared and sorted by code point, as SQLite's BINARY collation. */
    private static String binary(String text) {
        return "CONVERT(" + text + " USING utf8mb4) COLLATE utf8mb4_bin";
    }

    private static String dotted(String path) {
        return path.isEmpty() || path.startsWith("[") ? path : "." + path;
    }
}
