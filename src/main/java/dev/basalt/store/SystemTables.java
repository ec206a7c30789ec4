package dev.basalt.store;

import java.util.List;
import org.jooq.DSLContext;

/**
 * The system tables of a data directory, created exactly as PocketBase creates them so a data
 * directory made by Basalt has PocketBase's layout.
 */
public final class SystemTables {
    /** PocketBase's system migrations, recorded as applied in a data directory Basalt creates. */
    public static final List<String> SYSTEM_MIGRATIONS = List.of(
            "1640988000_init.go", "1717233556_v0.23_migrate.go", "1717233557_v0.23_migrate2.go",
            "1717233558_v0.23_migrate3.go", "1717233559_v0.23_migrate4.go",
            "1762785011_update_default_auth_alert_templates.go");

    private SystemTables() {}

    /** True when the main database (of the given family) already holds PocketBase/Basalt system tables. */
    public static boolean exist(java.sql.Connection conn, Dialect dialect) throws java.sql.SQLException {
        String sql = switch (dialect) {
            case SQLITE -> "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_collections'";
            case POSTGRES -> "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_collections'";
            case MYSQL -> "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '_collections'";
        };
        try (var st = conn.createStatement(); var rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    /** {@link #exist(java.sql.Connection, Dialect)} for SQLite. */
    public static boolean exist(java.sql.Connection conn) throws java.sql.SQLException {
        return exist(conn, Dialect.SQLITE);
    }

    /**
     * Creates {@code _params}, {@code _collections} and {@code _migrations} in a database server:
     * the same columns as PocketBase's SQLite tables, in the server's types (JSON columns as
     * {@code jsonb}/{@code JSON}, identifiers and names as {@code VARCHAR(255)} where MariaDB
     * must index them). Timestamps are text in PocketBase's format, written by Basalt.
     */
    public static void createMain(DSLContext dsl, Dialect dialect) {
        if (dialect == Dialect.SQLITE) {
            createMain(dsl);
            return;
        }
        boolean pg = dialect == Dialect.POSTGRES;
        String json = pg ? "JSONB" : "JSON";
        String key = pg ? "TEXT COLLATE \"C\"" : "VARCHAR(255)";
        String text = pg ? "TEXT" : "LONGTEXT";
        java.util.function.Function<String, String> n = dialect::quote;
        dsl.execute("CREATE TABLE IF NOT EXISTS " + n.apply("_migrations") + " (" + n.apply("file") + " VARCHAR(255) PRIMARY KEY NOT NULL, "
                + n.apply("applied") + " BIGINT NOT NULL)" + dialect.tableOptions());
        dsl.execute("CREATE TABLE IF NOT EXISTS " + n.apply("_params") + " (" + n.apply("id") + " " + key + " PRIMARY KEY NOT NULL, "
                + n.apply("value") + " " + json + " DEFAULT NULL, " + n.apply("created") + " VARCHAR(30) DEFAULT '' NOT NULL, "
                + n.apply("updated") + " VARCHAR(30) DEFAULT '' NOT NULL)" + dialect.tableOptions());
        StringBuilder collections = new StringBuilder("CREATE TABLE IF NOT EXISTS " + n.apply("_collections") + " (")
                .append(n.apply("id")).append(' ').append(key).append(" PRIMARY KEY NOT NULL, ")
                .append(n.apply("system")).append(" BOOLEAN DEFAULT FALSE NOT NULL, ")
                .append(n.apply("type")).append(" VARCHAR(32) DEFAULT 'base' NOT NULL, ")
                .append(n.apply("name")).append(' ').append(key).append(" UNIQUE NOT NULL, ")
                .append(n.apply("fields")).append(' ').append(json).append(" NOT NULL, ")
                .append(n.apply("indexes")).append(' ').append(json).append(" NOT NULL, ");
        for (String rule : List.of("listRule", "viewRule", "createRule", "updateRule", "deleteRule")) {
            collections.append(n.apply(rule)).append(' ').append(text).append(" DEFAULT NULL, ");
        }
        collections.append(n.apply("options")).append(' ').append(json).append(" NOT NULL, ")
                .append(n.apply("created")).append(" VARCHAR(30) DEFAULT '' NOT NULL, ")
                .append(n.apply("updated")).append(" VARCHAR(30) DEFAULT '' NOT NULL)").append(dialect.tableOptions());
        dsl.execute(collections.toString());
        dsl.execute("CREATE INDEX " + n.apply("idx__collections_type") + " ON " + n.apply("_collections") + " (" + n.apply("type") + ")");
    }

    /** Records PocketBase's system migrations as applied (again: nothing happens). */
    public static void recordMigrations(DSLContext dsl, Dialect dialect, long appliedMicros) {
        String insert = switch (dialect) {
            case SQLITE -> "INSERT OR IGNORE INTO _migrations (file, applied) VALUES (?, ?)";
            case POSTGRES -> "INSERT INTO \"_migrations\" (\"file\", \"applied\") VALUES (?, ?) ON CONFLICT DO NOTHING";
            case MYSQL -> "INSERT IGNORE INTO `_migrations` (`file`, `applied`) VALUES (?, ?)";
        };
        for (String file : SYSTEM_MIGRATIONS) {
            dsl.execute(insert, file, appliedMicros);
        }
    }

    /** Creates {@code _params}, {@code _collections} and {@code _migrations} in the main database. */
    public static void createMain(DSLContext dsl) {
        dsl.execute("""
                CREATE TABLE IF NOT EXISTS `_migrations` (file VARCHAR(255) PRIMARY KEY NOT NULL, applied INTEGER NOT NULL)""");
        dsl.execute("""
                CREATE TABLE IF NOT EXISTS `_params` (
                  `id`      TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL,
                  `value`   JSON DEFAULT NULL,
                  `created` TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL,
                  `updated` TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL
                )""");
        dsl.execute("""
                CREATE TABLE IF NOT EXISTS `_collections` (
                  `id`         TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL,
                  `system`     BOOLEAN DEFAULT FALSE NOT NULL,
                  `type`       TEXT DEFAULT "base" NOT NULL,
                  `name`       TEXT UNIQUE NOT NULL,
                  `fields`     JSON DEFAULT "[]" NOT NULL,
                  `indexes`    JSON DEFAULT "[]" NOT NULL,
                  `listRule`   TEXT DEFAULT NULL,
                  `viewRule`   TEXT DEFAULT NULL,
                  `createRule` TEXT DEFAULT NULL,
                  `updateRule` TEXT DEFAULT NULL,
                  `deleteRule` TEXT DEFAULT NULL,
                  `options`    JSON DEFAULT "{}" NOT NULL,
                  `created`    TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL,
                  `updated`    TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL
                )""");
        dsl.execute("CREATE INDEX IF NOT EXISTS idx__collections_type on `_collections` (`type`)");
    }

    /** Records PocketBase's system migrations as applied (SQLite). */
    public static void recordMigrations(DSLContext dsl, long appliedMicros) {
        recordMigrations(dsl, Dialect.SQLITE, appliedMicros);
    }

    /** Creates the {@code _logs} table of the auxiliary database. */
    public static void createAuxiliary(DSLContext dsl) {
        dsl.execute("""
                CREATE TABLE IF NOT EXISTS `_logs` (
                  `id`      TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL,
                  `level`   INTEGER DEFAULT 0 NOT NULL,
                  `message` TEXT DEFAULT "" NOT NULL,
                  `data`    JSON DEFAULT "{}" NOT NULL,
                  `created` TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL
                )""");
        dsl.execute("CREATE INDEX IF NOT EXISTS idx_logs_level on `_logs` (`level`)");
        dsl.execute("CREATE INDEX IF NOT EXISTS idx_logs_message on `_logs` (`message`)");
        dsl.execute("CREATE INDEX IF NOT EXISTS idx_logs_created_hour on `_logs` (strftime('%Y-%m-%d %H:00:00', `created`))");
    }
}
