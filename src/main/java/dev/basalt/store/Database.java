package dev.basalt.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Connections and transactions for one database.
 *
 * <p>Design: reads run on a pool of reader connections in auto-commit mode; writes run in an
 * explicit transaction on the writer pool. On SQLite the writer pool holds exactly one
 * connection, which serialises writers inside the process (SQLite allows one writer at a time
 * anyway) while WAL mode lets readers proceed concurrently. A write is acknowledged to the caller
 * only after {@code COMMIT} returned; with WAL and {@code synchronous=NORMAL} a committed
 * transaction survives a crash of the process (not necessarily a power loss; see the docs).
 *
 * <p>Nesting: a {@link #write} or {@link #read} called while the current thread already runs a
 * write transaction joins that transaction, so reads see the transaction's own changes.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_TRANSIENT_RETRIES = 3;

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private final java.util.concurrent.atomic.AtomicLong statements = new java.util.concurrent.atomic.AtomicLong();
    private final org.jooq.ExecuteListenerProvider counter = new org.jooq.impl.DefaultExecuteListenerProvider(
            org.jooq.ExecuteListener.onExecuteStart(ctx -> statements.incrementAndGet()));
    private final Dialect dialect;
    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final Settings settings = new Settings()
            .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED)
            .withExecuteLogging(false)
            .withRenderSchema(false);

    private Database(Dialect dialect, HikariDataSource writer, HikariDataSource reader) {
        this.dialect = dialect;
        this.writer = writer;
        this.reader = reader;
    }

    /**
     * Opens (creating if needed) an SQLite database file in WAL mode with PocketBase's pragmas.
     *
     * @param readers the number of pooled reader connections
     */
    public static Database sqlite(Path file, int readers) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        HikariDataSource writer = pool("basalt-writer", sqliteSource(url, true), 1);
        HikariDataSource reader = pool("basalt-reader", sqliteSource(url, false), Math.max(1, readers));
        return new Database(Dialect.SQLITE, writer, reader);
    }

    /**
     * Connects to a PostgreSQL or MySQL/MariaDB server: one pool for reads and writes (the server
     * runs writers concurrently), every session in UTC with a statement timeout, and a first
     * connection made at once so a wrong URL, an unreachable server or bad credentials fail the
     * start with the driver's reason ({@link DatabaseUnavailable}).
     *
     * @param poolSize         the most connections held
     * @param statementTimeout how long one statement may run before the server cancels it
     */
    public static Database server(DatabaseUrl url, int poolSize, java.time.Duration statementTimeout) {
        return server(url, poolSize, statementTimeout, java.time.Duration.ofSeconds(10));
    }

    /** As {@link #server(DatabaseUrl, int, java.time.Duration)}, trying to connect for {@code connectTimeout} at start. */
    static Database server(DatabaseUrl url, int poolSize, java.time.Duration statementTimeout, java.time.Duration connectTimeout) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("basalt-" + url.dialect().name().toLowerCase(java.util.Locale.ROOT));
        cfg.setJdbcUrl(url.jdbcUrl());
        cfg.setUsername(url.user().isEmpty() ? null : url.user());
        cfg.setPassword(url.password().isEmpty() ? null : url.password());
        cfg.setMaximumPoolSize(poolSize);
        cfg.setMinimumIdle(Math.min(2, poolSize));
        cfg.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        cfg.setInitializationFailTimeout(Math.max(1, connectTimeout.toMillis()));
        long ms = statementTimeout.toMillis();
        cfg.setConnectionInitSql(switch (url.dialect()) {
            case POSTGRES -> "SET statement_timeout = " + ms + "; SET TIME ZONE 'UTC'";
            // MySQL and MariaDB name their statement timeouts differently: the driver-side timeout
            // below covers both
            case MYSQL -> "SET SESSION time_zone = '+00:00'";
            case SQLITE -> throw new IllegalArgumentException("SQLite is opened with Database.sqlite");
        });
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailable(url, e);
        }
        Database db = new Database(url.dialect(), pool, pool);
        db.settings.setQueryTimeout((int) Math.max(1, statementTimeout.toSeconds()));
        return db;
    }

    /** A database server Basalt could not connect to at start; the message names it and says why. */
    public static final class DatabaseUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseUnavailable(DatabaseUrl url, Throwable cause) {
            super("cannot connect to " + url + ": " + rootMessage(cause), cause);
        }

        private static String rootMessage(Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return String.valueOf(root.getMessage());
        }
    }

    private static DataSource sqliteSource(String url, boolean writer) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-16_000);
        config.enforceForeignKeys(true);
        if (writer) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setJournalSizeLimit(200_000_000);
        }
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    private static HikariDataSource pool(String name, DataSource source, int size) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName(name);
        cfg.setDataSource(source);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(Math.min(size, 2));
        cfg.setConnectionTimeout(30_000);
        // SQLite connections never go stale; keep them for the life of the pool.
        cfg.setMaxLifetime(0);
        cfg.setIdleTimeout(0);
        return new HikariDataSource(cfg);
    }

    /** The database family, for dialect-specific SQL. */
    public Dialect dialect() {
        return dialect;
    }

    private DSLContext dsl(Connection conn) {
        org.jooq.Configuration configuration = new org.jooq.impl.DefaultConfiguration().set(conn).set(dialect.jooq()).set(settings)
                .set(counter);
        configuration.data(Rows.STATEMENTS, statements);
        return DSL.using(configuration);
    }

    /**
     * How many SQL statements ran through the SQL renderer since the database was opened (tests use
     * it to prove that no code path runs one query per returned row).
     */
    public long statementCount() {
        return statements.get();
    }

    /** A SQL context not bound to a connection, for rendering only. */
    public DSLContext renderer() {
        return DSL.using(dialect.jooq(), settings);
    }

    /** Plain JDBC work on a connection (no SQL rendering). */
    @FunctionalInterface
    public interface JdbcWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Runs plain JDBC read work on a reader connection. Used on the start-up path, where loading
     * the SQL renderer would delay the first request.
     */
    public <T> T jdbc(JdbcWork<T> work) {
        try (Connection conn = reader.getConnection()) {
            return work.apply(conn);
        } catch (SQLException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    /** Runs read-only work; inside a write transaction on this thread it joins that transaction. */
    public <T> T read(Function<DSLContext, T> work) {
        Tx tx = current.get();
        if (tx != null) {
            return work.apply(tx.dsl());
        }
        try (Connection conn = reader.getConnection()) {
            return work.apply(dsl(conn));
        } catch (SQLException e) {
            throw ErrorTranslator.translate(e);
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    /**
     * Runs {@code work} in a write transaction and commits it. Transient failures (busy database,
     * deadlock, serialization failure) roll back and retry the whole unit of work a few times, so
     * {@code work} must not have effects outside the transaction other than those registered
     * with {@link Tx#afterCommit} / {@link Tx#afterRollback}.
     */
    public <T> T write(Function<Tx, T> work) {
        Tx outer = current.get();
        if (outer != null) {
            return work.apply(outer);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(work);
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.TRANSIENT || attempt >= MAX_TRANSIENT_RETRIES) {
                    throw e;
                }
                LOG.debug("retrying transaction after transient failure: {}", e.getMessage());
            }
        }
    }

    /** {@link #write(Function)} without a result. */
    public void writeVoid(Consumer<Tx> work) {
        write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    private <T> T writeOnce(Function<Tx, T> work) {
        Tx tx;
        T result;
        try (Connection conn = writer.getConnection()) {
            conn.setAutoCommit(false);
            tx = new Tx(dsl(conn));
            current.set(tx);
            try {
                result = work.apply(tx);
                conn.commit();
            } catch (Throwable e) {
                rollbackQuietly(conn);
                current.remove();
                runAll(tx.rollbackActions());
                throw e;
            } finally {
                current.remove();
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw ErrorTranslator.translate(e);
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
        runAll(tx.commitActions());
        return result;
    }

    /** True when the current thread runs inside a write transaction of this database. */
    public boolean inTransaction() {
        return current.get() != null;
    }

    private static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed", e);
        }
    }

    private static void runAll(Iterable<Runnable> actions) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("transaction callback failed", e);
            }
        }
    }

    /** Closes every connection; on SQLite the WAL is checkpointed first so the file is self-contained. */
    @Override
    public void close() {
        if (writer == reader) {
            writer.close();
            return;
        }
        reader.close();
        if (dialect == Dialect.SQLITE && !writer.isClosed()) {
            try (Connection conn = writer.getConnection(); var st = conn.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                LOG.warn("WAL checkpoint on close failed: {}", e.getMessage());
            }
        }
        writer.close();
    }
}
