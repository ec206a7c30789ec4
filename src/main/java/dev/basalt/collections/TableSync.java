package dev.basalt.collections;

import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.store.Dialect;
import dev.basalt.store.ErrorTranslator;
import dev.basalt.util.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * Keeps a collection's table in step with its definition, inside the caller's transaction
 * (PocketBase's {@code SyncRecordTableSchema}): creates the table, renames it, adds, renames and
 * drops columns (renames go through temporary names so swaps work), converts columns between
 * single and multiple values, and recreates the indexes. Untouched columns keep their data.
 */
final class TableSync {
    private TableSync() {}

    /** An identifier quoted for SQLite (views are SQLite-only so far). */
    static String quote(String name) {
        return Dialect.SQLITE.quote(name);
    }

    /** The column definition of a field on this database (dates are short text: see {@link Dialect#columnType(String, boolean)}). */
    private static String column(Dialect dialect, Field f) {
        return dialect.columnType(f.columnType(), f instanceof DateField || f instanceof AutodateField);
    }

    /** Creates the table and indexes of a new collection. */
    static void create(DSLContext dsl, Collection c) {
        Dialect dialect = Dialect.of(dsl);
        Map<String, String> columns = new TreeMap<>();
        for (Field f : c.fields()) {
            columns.put(f.name(), column(dialect, f));
        }
        List<String> defs = new ArrayList<>();
        columns.forEach((name, type) -> defs.add(dialect.quote(name) + " " + type));
        dsl.execute("CREATE TABLE " + dialect.quote(c.name()) + " (" + String.join(", ", defs) + ")" + dialect.tableOptions());
        createIndexes(dsl, c);
    }

    /** Alters the table of {@code old} into the table of {@code updated}. */
    static void update(DSLContext dsl, Collection old, Collection updated) {
        Dialect dialect = Dialect.of(dsl);
        java.util.function.UnaryOperator<String> quote = dialect::quote;
        boolean rename = !old.name().equalsIgnoreCase(updated.name()) || !old.name().equals(updated.name());
        for (String sql : old.indexes()) {
            IndexDefinition idx = IndexDefinition.parse(sql);
            if (idx.isValid()) {
                dsl.execute("DROP INDEX IF EXISTS " + quote.apply(idx.indexName())
                        + (dialect == Dialect.MYSQL ? " ON " + quote.apply(old.name()) : ""));
                if (dialect == Dialect.MYSQL) {
                    dsl.execute("ALTER TABLE " + quote.apply(old.name()) + " DROP COLUMN IF EXISTS " + quote.apply(idx.partialColumn()));
                }
            }
        }
        if (rename) {
            dsl.execute("ALTER TABLE " + quote.apply(old.name()) + " RENAME TO " + quote.apply(updated.name()));
        }
        String table = quote.apply(updated.name());
        Map<String, Field> oldById = new LinkedHashMap<>();
        old.fields().forEach(f -> oldById.put(f.id(), f));
        Map<String, Field> newById = new LinkedHashMap<>();
        updated.fields().forEach(f -> newById.put(f.id(), f));

        for (Field f : old.fields()) {
            if (!newById.containsKey(f.id())) {
                dsl.execute("ALTER TABLE " + table + " DROP COLUMN " + quote.apply(f.name()));
            }
        }
        Map<String, String> tempToFinal = new LinkedHashMap<>();
        for (Field f : updated.fields()) {
            Field previous = oldById.get(f.id());
            String temp = f.name() + Ids.random(5, Ids.ID_ALPHABET);
            if (previous == null) {
                dsl.execute("ALTER TABLE " + table + " ADD COLUMN " + quote.apply(temp) + " " + column(dialect, f));
                tempToFinal.put(temp, f.name());
            } else if (!previous.name().equals(f.name())) {
                dsl.execute("ALTER TABLE " + table + " RENAME COLUMN " + quote.apply(previous.name()) + " TO " + quote.apply(temp));
                tempToFinal.put(temp, f.name());
            }
        }
        tempToFinal.forEach((temp, name) ->
                dsl.execute("ALTER TABLE " + table + " RENAME COLUMN " + quote.apply(temp) + " TO " + quote.apply(name)));
        for (Field f : updated.fields()) {
            Field previous = oldById.get(f.id());
            if (previous != null && previous.multiple() != f.multiple()) {
                convertMultiplicity(dsl, table, f);
            }
        }
        createIndexes(dsl, updated);
    }

    /**
     * Rewrites a column that switched between single and multiple values, keeping its data: a
     * value becomes a one-element array ('' none); an array becomes its last element.
     */
    private static void convertMultiplicity(DSLContext dsl, String table, Field f) {
        Dialect dialect = Dialect.of(dsl);
        String col = dialect.quote(f.name());
        String temp = dialect.quote("_" + f.name() + Ids.random(5, Ids.ID_ALPHABET));
        dsl.execute("ALTER TABLE " + table + " RENAME COLUMN " + col + " TO " + temp);
        dsl.execute("ALTER TABLE " + table + " ADD COLUMN " + col + " " + column(dialect, f));
        String value = switch (dialect) {
            case SQLITE -> f.multiple()
                    ? "CASE WHEN COALESCE(" + temp + ", '') = '' THEN '[]'"
                            + " WHEN json_valid(" + temp + ") AND json_type(" + temp + ") = 'array' THEN " + temp
                            + " ELSE json_array(" + temp + ") END"
                    : "CASE WHEN COALESCE(" + temp + ", '[]') = '[]' THEN ''"
                            + " WHEN json_valid(" + temp + ") AND json_type(" + temp + ") = 'array' THEN COALESCE(json_extract(" + temp
                            + ", '$[#-1]'), '') ELSE " + temp + " END";
            // the single column is text, the multiple one jsonb
            case POSTGRES -> f.multiple()
                    ? "CASE WHEN COALESCE(" + temp + ", '') = '' THEN '[]'::jsonb ELSE jsonb_build_array(" + temp + ") END"
                    : "CASE WHEN " + temp + " IS NULL THEN '' WHEN jsonb_typeof(" + temp + ") <> 'array' THEN COALESCE(" + temp
                            + " #>> '{}', '') ELSE COALESCE(" + temp + " ->> -1, '') END";
            case MYSQL -> f.multiple()
                    ? "CASE WHEN COALESCE(" + temp + ", '') = '' THEN JSON_ARRAY()"
                            + " WHEN JSON_VALID(" + temp + ") AND JSON_TYPE(" + temp + ") = 'ARRAY' THEN " + temp
                            + " ELSE JSON_ARRAY(" + temp + ") END"
                    : "CASE WHEN " + temp + " IS NULL OR JSON_LENGTH(" + temp + ") = 0 THEN ''"
                            + " WHEN JSON_TYPE(" + temp + ") = 'ARRAY' THEN COALESCE(JSON_UNQUOTE(JSON_EXTRACT(" + temp
                            + ", '$[last]')), '') ELSE JSON_UNQUOTE(" + temp + ") END";
        };
        dsl.execute("UPDATE " + table + " SET " + col + " = " + value);
        dsl.execute("ALTER TABLE " + table + " DROP COLUMN " + temp);
    }

    /** Creates every index of the collection; failures become per-index validation errors. */
    static void createIndexes(DSLContext dsl, Collection c) {
        Map<String, Object> errors = new LinkedHashMap<>();
        for (int i = 0; i < c.indexes().size(); i++) {
            IndexDefinition idx = IndexDefinition.parse(c.indexes().get(i));
            if (!idx.isValid()) {
                errors.put(String.valueOf(i), FieldError.of("validation_invalid_index_expression", "Invalid CREATE INDEX expression."));
                continue;
            }
            try {
                Dialect dialect = Dialect.of(dsl);
                for (String statement : idx.onTable(c.name()).statements(dialect, column -> c.field(column)
                        .map(f -> column(dialect, f).startsWith("LONGTEXT")).orElse(false))) {
                    dsl.execute(statement);
                }
            } catch (RuntimeException e) {
                RuntimeException translated = ErrorTranslator.translate(e);
                errors.put(String.valueOf(i), FieldError.of("validation_invalid_index_expression",
                        "Failed to create index " + idx.indexName() + " - " + shortReason(translated) + "."));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(ErrorCode.COLLECTION_INVALID, null, Map.of("indexes", errors));
        }
    }

    private static String shortReason(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int bracket = message.lastIndexOf("] ");
        message = bracket >= 0 ? message.substring(bracket + 2) : message;
        int paren = message.indexOf(" (");
        return paren > 0 && message.startsWith("[") ? message.substring(0, paren) : message.replace("\n", " ");
    }

    /** Drops the table or view of a collection. */
    static void drop(DSLContext dsl, Collection c) {
        dsl.execute((c.isView() ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ") + Dialect.of(dsl).quote(c.name()));
    }
}
