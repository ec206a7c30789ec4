package dev.basalt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.testkit.ServerDatabase;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Connecting to the local PostgreSQL and MariaDB: transactions, time zone, and clear failures. */
class DatabaseServerIT {

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void commitsRollsBackAndRunsInUtc(Dialect dialect) {
        try (ServerDatabase scratch = ServerDatabase.create(dialect);
                Database db = Database.server(scratch.url(), 4, Duration.ofSeconds(30))) {
            assertThat(db.dialect()).isEqualTo(dialect);
            db.writeVoid(tx -> tx.dsl().execute("CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, n INT)"));
            db.writeVoid(tx -> tx.dsl().execute("INSERT INTO t VALUES ('a', 1)"));
            assertThatThrownBy(() -> db.writeVoid(tx -> {
                tx.dsl().execute("INSERT INTO t VALUES ('b', 2)");
                tx.dsl().execute("INSERT INTO t VALUES ('a', 3)");
            })).isInstanceOf(StoreException.class).extracting(e -> ((StoreException) e).kind())
                    .isEqualTo(StoreException.Kind.UNIQUE_VIOLATION);
            Object count = db.read(dsl -> dsl.fetchValue("SELECT COUNT(*) FROM t"));
            assertThat(String.valueOf(count)).isEqualTo("1");
            String zone = db.read(dsl -> String.valueOf(dsl.fetchValue(dialect == Dialect.POSTGRES
                    ? "SELECT current_setting('TimeZone')" : "SELECT @@session.time_zone")));
            assertThat(zone).isIn("UTC", "+00:00");
        }
    }

    /** Two writes that lock two rows in opposite order deadlock: the database aborts one, Basalt runs it again. */
    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void aDeadlockedWriteIsRetriedAndNothingIsLost(Dialect dialect) throws Exception {
        try (ServerDatabase scratch = ServerDatabase.create(dialect);
                Database db = Database.server(scratch.url(), 4, Duration.ofSeconds(30))) {
            db.writeVoid(tx -> tx.dsl().execute("CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, n INT)"));
            db.writeVoid(tx -> tx.dsl().execute("INSERT INTO t VALUES ('a', 0), ('b', 0)"));
            java.util.concurrent.CyclicBarrier bothLockedOne = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
            java.util.function.BiFunction<String, String, Runnable> crossing = (first, second) -> () -> db.writeVoid(tx -> {
                int attempt = attempts.incrementAndGet();
                tx.dsl().execute("UPDATE t SET n = n + 1 WHERE id = ?", first);
                if (attempt <= 2) {
                    try {
                        bothLockedOne.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // a retry runs alone
                    }
                }
                tx.dsl().execute("UPDATE t SET n = n + 1 WHERE id = ?", second);
            });
            Thread one = Thread.ofPlatform().start(crossing.apply("a", "b"));
            Thread two = Thread.ofPlatform().start(crossing.apply("b", "a"));
            one.join(60_000);
            two.join(60_000);
            assertThat(attempts.get()).as("one of the two was aborted and run again").isGreaterThanOrEqualTo(3);
            java.util.List<Integer> values = db.read(dsl -> dsl.fetch("SELECT n FROM t ORDER BY id").getValues(0, Integer.class));
            assertThat(values).containsExactly(2, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void anUnreachableServerOrAMissingDatabaseFailsWithTheReason(Dialect dialect) {
        DatabaseUrl closedPort = DatabaseUrl.parse(dialect == Dialect.POSTGRES
                ? "postgres://postgres:hunter2@127.0.0.1:1/basalt" : "mariadb://root:hunter2@127.0.0.1:1/basalt");
        assertThatThrownBy(() -> Database.server(closedPort, 2, Duration.ofSeconds(5), Duration.ofMillis(300)))
                .isInstanceOf(Database.DatabaseUnavailable.class)
                .hasMessageContaining("127.0.0.1:1").hasMessageNotContaining("hunter2");
        DatabaseUrl missing = ServerDatabase.admin(dialect).withDatabase("basalt_no_such_database");
        assertThatThrownBy(() -> Database.server(missing, 2, Duration.ofSeconds(5), Duration.ofMillis(300)))
                .isInstanceOf(Database.DatabaseUnavailable.class)
                .hasMessageContaining("basalt_no_such_database");
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void systemTablesOnAServer(Dialect dialect) {
        try (ServerDatabase scratch = ServerDatabase.create(dialect);
                Database db = Database.server(scratch.url(), 2, Duration.ofSeconds(30))) {
            boolean before = db.jdbc(conn -> SystemTables.exist(conn, dialect));
            assertThat(before).isFalse();
            db.writeVoid(tx -> {
                SystemTables.createMain(tx.dsl(), dialect);
                SystemTables.recordMigrations(tx.dsl(), dialect, 1);
            });
            db.writeVoid(tx -> SystemTables.recordMigrations(tx.dsl(), dialect, 2));
            boolean after = db.jdbc(conn -> SystemTables.exist(conn, dialect));
            assertThat(after).isTrue();
            Object migrations = db.read(dsl -> dsl.fetchValue("SELECT COUNT(*) FROM _migrations WHERE applied = 1"));
            assertThat(String.valueOf(migrations)).isEqualTo(String.valueOf(SystemTables.SYSTEM_MIGRATIONS.size()));
            String q = dialect == Dialect.POSTGRES ? "\"" : "`";
            db.writeVoid(tx -> tx.dsl().execute("INSERT INTO _collections (id, " + q + "system" + q + ", type, name, fields, indexes, "
                    + q + "listRule" + q + ", options, created, updated) VALUES ('c1', TRUE, 'base', 'posts', '[{\"name\":\"id\"}]', '[]', "
                    + "'id != \"\"', '{}', '2026-01-01 00:00:00.000Z', '2026-01-01 00:00:00.000Z')"));
            String rule = db.read(dsl -> String.valueOf(dsl.fetchValue("SELECT " + q + "listRule" + q + " FROM _collections WHERE name = 'posts'")));
            assertThat(rule).isEqualTo("id != \"\"");
            assertThatThrownBy(() -> db.writeVoid(tx -> tx.dsl().execute("INSERT INTO _collections (id, type, name, fields, indexes, options) "
                    + "VALUES ('c2', 'base', 'posts', '[]', '[]', '{}')")))
                    .as("collection names are unique").isInstanceOf(StoreException.class);
        }
    }
}
