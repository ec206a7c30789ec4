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
    SQLITE(SQLDialect.SQLITE) {
        @Override
        public String quote(String identifier) {
            return "`" + identifier.replace("`", "``") + "`";
        }

        @Override
        public String columnType(String sqlite) {
            return sqlite;
        }
    },
    POSTGRES(SQLDialect.POSTGRES) {
        @Override
        public String quote(String identifier) {
            return "\"" + identifier.replace("\"", "\"\"") + "\"";
        }

        @Override
        public String columnType(String sqlite) {
            return translate(sqlite, "TEXT", "JSONB", "DOUBLE PRECISION");
        }
    },
    MYSQL(SQLDialect.MYSQL) {
        @Override
        public String quote(String identifier) {
            return "`" + identifier.replace("`", "``") + "`";
        }

        @Override
        public String columnType(String sqlite) {
            // MariaDB cannot make a TEXT column a primary key; ids are short
            String key = sqlite.toUpperCase(Locale.ROOT).contains("PRIMARY KEY") ? "VARCHAR(255)" : "LONGTEXT";
            return translate(sqlite, key, "JSON", "DOUBLE");
        }
    };

    private final SQLDialect jooq;

    Dialect(SQLDialect jooq) {
        this.jooq = jooq;
    }

    /** The jOOQ dialect used to render SQL for this database. */
    public SQLDialect jooq() {
        return jooq;
    }

    /** An identifier quoted for this database. */
    public abstract String quote(String identifier);

    /** A column definition written for SQLite, as this database needs it. */
    public abstract String columnType(String sqlite);

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
