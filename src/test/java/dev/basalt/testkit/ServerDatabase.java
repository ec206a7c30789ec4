package dev.basalt.testkit;

import dev.basalt.store.DatabaseUrl;
import dev.basalt.store.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A scratch database on the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth) or
 * MariaDB (127.0.0.1:3306, root without password), created for one test and dropped on close.
 * When the server does not answer, the test fails under {@code BASALT_REQUIRE_SERVICES=1} (CI)
 * and is skipped with a loud message otherwise.
 */
public final class ServerDatabase implements AutoCloseable {
    private final DatabaseUrl admin;
    private final DatabaseUrl url;

    private ServerDatabase(DatabaseUrl admin, DatabaseUrl url) {
        this.admin = admin;
        this.url = url;
    }

    /** The server's admin URL (its default database). */
    public static DatabaseUrl admin(Dialect dialect) {
        return switch (dialect) {
            case POSTGRES -> DatabaseUrl.parse("postgres://postgres@127.0.0.1:5432/postgres");
            case MYSQL -> DatabaseUrl.parse("mariadb://root@127.0.0.1:3306/mysql");
            case SQLITE -> throw new IllegalArgumentException("SQLite needs no server");
        };
    }

    /** Creates an empty database with a random name, or fails/skips the calling test. */
    public static ServerDatabase create(Dialect dialect) {
        DatabaseUrl admin = admin(dialect);
        String name = "basalt_test_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                .toLowerCase(Locale.ROOT);
        try {
            execute(admin, "CREATE DATABASE " + name + (dialect == Dialect.MYSQL ? " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" : ""));
        } catch (Exception e) {
            String message = "this test needs " + dialect + " at " + admin.jdbcUrl() + " (see DEVELOPERS.md): " + e.getMessage();
            if ("1".equals(System.getenv("BASALT_REQUIRE_SERVICES"))) {
                throw new AssertionError(message, e);
            }
            System.err.println("\n*** SKIPPING " + dialect + " TESTS ***\n" + message + "\n(set BASALT_REQUIRE_SERVICES=1 to fail instead)\n");
            return Assumptions.abort(message);
        }
        return new ServerDatabase(admin, admin.withDatabase(name));
    }

    public DatabaseUrl url() {
        return url;
    }

    /** The URL as a user would write it (credentials included). */
    public String userUrl() {
        String scheme = url.dialect() == Dialect.POSTGRES ? "postgres://" : "mariadb://";
        String hostPart = url.jdbcUrl().substring(url.jdbcUrl().indexOf("//") + 2);
        return scheme + url.user() + (url.password().isEmpty() ? "" : ":" + url.password()) + "@" + hostPart;
    }

    static void execute(DatabaseUrl target, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() {
        try {
            execute(admin, url.dialect() == Dialect.POSTGRES
                    ? "DROP DATABASE IF EXISTS " + url.database() + " WITH (FORCE)"
                    : "DROP DATABASE IF EXISTS " + url.database());
        } catch (Exception e) {
            System.err.println("could not drop scratch database " + url.database() + ": " + e.getMessage());
        }
    }
}
