package dev.basalt.store;

import java.util.Locale;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * The database families Basalt runs on. Everything that differs in SQL between them is decided
 * by this object, in one place per construct, never by scattered string checks.
 *
 * <p>Basalt's field types describe their columns in SQLite's terms (PocketBase's own DDL, e.g.
 * {@code TEXT DEFAULT '' NOT NULL}); {@link #columnType} turns such a definition into the
 * server's equivalent, so a collection's table has the same columns, defaults and nullability
 * on every database.
 */
public enum Dialect {
    SQLITE(SQLDialect.SQLITE, '`', null, null, null),
    // text compares and sorts by code point, as SQLite's BINARY, whatever the database's collation
    POSTGRES(SQLDialect.POSTGRES, '"', "TEXT COLLATE \"C\"", "JSONB", "DOUBLE PRECISION"),
    // MariaDB cannot index a TEXT primary key: ids become VARCHAR(255) (see columnType)
    MYSQL(SQLDialect.MYSQL, '`', "LONGTEXT", "JSON", "DOUBLE");

    private final SQLDialect jooq;
    private final char quote;
    private final String text;
    private final String json;
    private final String number;

    Dialect(SQLDialect jooq, char quote, String text, String json, String number) {
        this.jooq = jooq;
        this.quote = quote;
        this.text = text;
        this.json = json;
        this.number = number;
    }

    /** The jOOQ dialect used to render SQL for this database. */
    public SQLDialect jooq() {
        return jooq;
    }

    /** An identifier quoted for this database. */
    public String quote(String identifier) {
        String q = String.valueOf(quote);
        return q + identifier.replace(q, q + q) + q;
    }

    /** A column definition written for SQLite, as this database needs it. */
    public String columnType(String sqlite) {
        return columnType(sqlite, false);
    }

    /**
     * A column definition written for SQLite, as this database needs it; {@code shortText} for
     * text of bounded length (dates): MariaDB can only index a prefix of a {@code LONGTEXT}, an
     * index that cannot serve ORDER BY, so such columns are {@code VARCHAR} there.
     */
    public String columnType(String sqlite, boolean shortText) {
        if (this == SQLITE) {
            return sqlite;
        }
        boolean key = sqlite.toUpperCase(Locale.ROOT).contains("PRIMARY KEY");
        return translate(sqlite, this == MYSQL && key ? "VARCHAR(255)" : this == MYSQL && shortText ? "VARCHAR(64)" : text, json, number);
    }

    /**
     * What follows a CREATE TABLE's column list: MariaDB tables are binary-collated utf8mb4 so
     * equality, sorting and unique indexes are case-sensitive as on SQLite, whatever the
     * server's default (often the case-insensitive {@code utf8mb4_general_ci}).
     */
    public String tableOptions() {
        return this == MYSQL ? " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" : "";
    }

    /** SQL (one parameter: a name) that yields a row when a table or view of that name exists, any case. */
    public String tableExistsSql() {
        return switch (this) {
            case SQLITE -> "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND LOWER(name) = LOWER(?)";
            case POSTGRES -> "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND LOWER(table_name) = LOWER(?)";
            case MYSQL -> "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND LOWER(table_name) = LOWER(?)";
        };
    }

    /** SQL (one parameter: an index name) that yields the table the index of that name belongs to, any case. */
    public String indexTableSql() {
        return switch (this) {
            case SQLITE -> "SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND LOWER(name) = LOWER(?)";
            case POSTGRES -> "SELECT tablename FROM pg_indexes WHERE schemaname = current_schema() AND LOWER(indexname) = LOWER(?)";
            case MYSQL -> "SELECT table_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND LOWER(index_name) = LOWER(?) LIMIT 1";
        };
    }

    /**
     * SQL (one parameter: a table or view name) naming the views that read it, for MariaDB only:
     * it commits a DROP at once, so a drop that a remaining view would not survive must be refused
     * before it runs. Null elsewhere, where the drop (PostgreSQL) or the view check after it
     * (SQLite) fails and is rolled back. MariaDB stores view definitions with every table
     * reference written as {@code `database`.`table`}.
     */
    public String viewsReadingSql() {
        return this == MYSQL
                ? "SELECT table_name FROM information_schema.views WHERE table_schema = DATABASE() "
                        + "AND INSTR(view_definition, CONCAT('`', DATABASE(), '`.`', REPLACE(?, '`', '``'), '`')) > 0"
                : null;
    }

    /** The dialect a jOOQ context renders for. */
    public static Dialect of(DSLContext dsl) {
        return switch (dsl.dialect().family()) {
            case POSTGRES -> POSTGRES;
            case MYSQL, MARIADB -> MYSQL;
            default -> SQLITE;
        };
    }

    /**
     * Rewrites the type word of a SQLite column definition (the rest — defaults, NOT NULL — carries
     * over); SQLite's generated id default becomes none (Basalt always supplies ids).
     */
    private static String translate(String sqlite, String text, String json, String number) {
        String def = sqlite.strip();
        String upper = def.toUpperCase(Locale.ROOT);
        def = def.replaceAll("(?i)\\s*DEFAULT \\('r'\\|\\|lower\\(hex\\(randomblob\\(7\\)\\)\\)\\)", "");
        if (upper.startsWith("TEXT")) {
            return text + def.substring(4);
        }
        if (upper.startsWith("JSON")) {
            return json + def.substring(4);
        }
        if (upper.startsWith("NUMERIC")) {
            return number + def.substring(7);
        }
        return def; // BOOLEAN and anything already portable
    }
}
