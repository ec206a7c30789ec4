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

    /** True when the main database already holds PocketBase/Basalt system tables. */
    public static boolean exist(java.sql.Connection conn) throws java.sql.SQLException {
        try (var st = conn.createStatement();
                var rs = st.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_collections'")) {
            return rs.next();
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

    /** Records PocketBase's system migrations as applied. */
    public static void recordMigrations(DSLContext dsl, long appliedMicros) {
        for (String file : SYSTEM_MIGRATIONS) {
            dsl.execute("INSERT OR IGNORE INTO `_migrations` (file, applied) VALUES (?, ?)", file, appliedMicros);
        }
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
