package dev.basalt.app;

import dev.basalt.auth.AuthModule;
import dev.basalt.auth.oauth2.OAuth2Client;
import dev.basalt.cluster.Cluster;
import dev.basalt.cluster.LocalCluster;
import dev.basalt.cluster.RedisCluster;
import dev.basalt.mail.Mailer;
import dev.basalt.ratelimit.RateLimits;
import dev.basalt.realtime.RealtimeBroker;
import dev.basalt.auth.Passwords;
import dev.basalt.auth.Tokens;
import dev.basalt.collections.Collections;
import dev.basalt.collections.SystemCollections;
import dev.basalt.files.FileService;
import dev.basalt.records.FileDownloads;
import dev.basalt.records.RecordActions;
import dev.basalt.rest.HttpServer;
import dev.basalt.rules.RuleEngine;
import dev.basalt.settings.SettingsService;
import dev.basalt.store.DataDir;
import dev.basalt.store.Database;
import dev.basalt.store.DatabaseUrl;
import dev.basalt.store.SystemTables;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Basalt node, wired explicitly: data directory, databases, schema, settings, core actions
 * and (when started) the HTTP server. Opening a data directory that does not exist creates it
 * with PocketBase's layout and initial collections.
 *
 * <pre>{@code
 * try (Basalt basalt = Basalt.open(config)) {
 *     basalt.start();          // serves HTTP until close()
 * }
 * }</pre>
 */
public final class Basalt implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Basalt.class);

    private final AppConfig config;
    private final DataDir dataDir;
    private final Database db;
    private final Database auxiliary;
    private final Collections collections;
    private final SettingsService settings;
    private final Passwords passwords;
    private final RuleEngine rules;
    private final RecordActions records;
    private final Tokens tokens;
    private final AuthModule auth;
    private final Mailer mailer;
    private final RateLimits rateLimits;
    private final StorageSelector storage;
    private final FileService files;
    private final FileDownloads downloads;
    private final RealtimeBroker realtime;
    private final Cluster cluster;
    /** Periodic housekeeping (expired OTPs and MFA sessions); one daemon thread. */
    private final java.util.concurrent.ScheduledExecutorService maintenance;
    private HttpServer http;

    private Basalt(AppConfig config) {
        Thread.ofPlatform().daemon().name("basalt-warmup").start(Basalt::warmUpLibraries);
        this.config = config;
        this.dataDir = DataDir.prepare(config.dir());
        int readers = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        this.db = config.dbUrl().isEmpty() ? Database.sqlite(dataDir.dataDb(), readers)
                : Database.server(DatabaseUrl.parse(config.dbUrl()), Math.max(10, readers), java.time.Duration.ofSeconds(30));
        this.auxiliary = Database.sqlite(dataDir.auxiliaryDb(), 2);
        auxiliary.writeVoid(tx -> SystemTables.createAuxiliary(tx.dsl()));
        this.collections = new Collections(db);
        boolean fresh = !db.jdbc(conn -> SystemTables.exist(conn, db.dialect()));
        if (fresh) {
            db.writeVoid(tx -> {
                SystemTables.createMain(tx.dsl(), db.dialect());
                SystemTables.recordMigrations(tx.dsl(), db.dialect(), ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
            });
            collections.install(SystemCollections.initial());
            LOG.info("created a new data directory at {}", dataDir.root().toAbsolutePath());
        } else {
            collections.reload();
        }
        this.settings = new SettingsService(db);
        settings.load();
        this.passwords = new Passwords(config.passwordAlgorithm(), config.passwordConcurrency());
        this.rules = new RuleEngine(collections::schema, Clock.systemUTC());
        collections.ruleChecker(rules::validate);
        this.storage = new StorageSelector(dataDir.storage(), settings);
        this.files = new FileService(storage::current);
        this.records = new RecordActions(db, collections, rules, passwords, files);
        this.tokens = new Tokens(collections::schema, records::find, Clock.systemUTC());
        this.mailer = new Mailer(settings);
        this.rateLimits = new RateLimits(Clock.systemUTC(), settings.current().rateLimits());
        settings.onChange(changed -> rateLimits.update(changed.rateLimits()));
        this.auth = AuthModule.create(db, collections, records, rules, passwords, tokens, settings, mailer,
                new OAuth2Client(OAuth2Client.defaultHttpClient(), Clock.systemUTC(), false), Clock.systemUTC());
        this.downloads = new FileDownloads(db, collections, rules, files, tokens);
        this.cluster = config.redisUrl().isEmpty() ? new LocalCluster() : new RedisCluster(config.redisUrl());
        this.realtime = new RealtimeBroker(db, collections, rules, records, cluster);
        shareChanges(cluster, collections, settings);
        records.addListener(realtime);
        Thread.ofPlatform().daemon().name("basalt-warmup-auth").start(auth.actions()::warmUp);
        this.maintenance = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("basalt-maintenance").factory());
        // PocketBase cleans these up hourly too; expired rows are already refused, this only frees space
        maintenance.scheduleWithFixedDelay(this::deleteExpiredAuthRows, 1, 60, java.util.concurrent.TimeUnit.MINUTES);
    }

    /** While a node applies another node's settings, its own change listener must not echo them back. */
    private static final ThreadLocal<Boolean> APPLYING_REMOTE = ThreadLocal.withInitial(() -> false);

    /** Schema and settings changes made on one node are re-read by every other node. */
    private static void shareChanges(Cluster cluster, Collections collections, SettingsService settings) {
        if (!cluster.distributed()) {
            return;
        }
        collections.onChange(() -> cluster.publish("schema.changed", new byte[0]));
        settings.onChange(changed -> {
            if (!APPLYING_REMOTE.get()) {
                cluster.publish("settings.changed", new byte[0]);
            }
        });
        cluster.subscribe("schema.changed", message -> collections.reload());
        cluster.subscribe("settings.changed", message -> {
            APPLYING_REMOTE.set(true);
            try {
                settings.reload();
            } finally {
                APPLYING_REMOTE.set(false);
            }
        });
    }

    private void deleteExpiredAuthRows() {
        try {
            int removed = auth.deleteExpired();
            if (removed > 0) {
                LOG.info("removed {} expired one-time passwords and MFA sessions", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("cleanup of expired one-time passwords and MFA sessions failed", e);
        }
    }

    /**
     * Loads and initialises the SQL renderer (jOOQ: over a second of class initialisation here) on
     * another thread while the main thread opens the database and starts the HTTP server, which use
     * plain JDBC and no jOOQ on the start-up path.
     */
    private static void warmUpLibraries() {
        try {
            org.jooq.impl.DSL.using(org.jooq.SQLDialect.SQLITE).select(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("a", "b")))
                    .from(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("a"))).where(org.jooq.impl.DSL.field("x").eq(1)).getSQL();
        } catch (RuntimeException e) {
            LOG.debug("warm-up failed (harmless)", e);
        }
    }

    /** Opens (creating if needed) the data directory of {@code config}. */
    public static Basalt open(AppConfig config) {
        return new Basalt(config);
    }

    /** Starts the HTTP server. */
    public Basalt start() {
        http = new HttpServer(config.host(), config.port(), config.origins(), config.realtimeIdleTimeout(),
                CompletableFuture.completedFuture(services())).start();
        return this;
    }

    private HttpServer.Services services() {
        return new HttpServer.Services(collections, records, auth, rateLimits, settings, tokens, downloads, files, realtime);
    }

    /**
     * Opens the data directory and starts the HTTP server at the same time (both take about a
     * second of class loading and initialisation); requests that arrive before the data directory
     * is open wait for it.
     */
    public static Basalt serve(AppConfig config) {
        CompletableFuture<HttpServer.Services> ready = new CompletableFuture<>();
        CompletableFuture<HttpServer> server = CompletableFuture.supplyAsync(
                () -> new HttpServer(config.host(), config.port(), config.origins(), config.realtimeIdleTimeout(), ready).start(),
                runnable -> Thread.ofPlatform().name("basalt-http-start").start(runnable));
        Basalt basalt;
        try {
            basalt = open(config);
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            server.thenAccept(s -> s.stop(java.time.Duration.ZERO));
            throw e;
        }
        ready.complete(basalt.services());
        try {
            basalt.http = server.join();
        } catch (java.util.concurrent.CompletionException e) {
            basalt.close();
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        return basalt;
    }

    /** The bound HTTP port (after {@link #start}). */
    public int port() {
        return http.port();
    }

    public AppConfig config() {
        return config;
    }

    public Collections collections() {
        return collections;
    }

    public RecordActions records() {
        return records;
    }

    public Tokens tokens() {
        return tokens;
    }

    public AuthModule auth() {
        return auth;
    }

    public RealtimeBroker realtime() {
        return realtime;
    }

    /** The main database (statistics and maintenance). */
    public Database database() {
        return db;
    }

    /** Finds and removes stored files no record references (see {@code basalt files sweep}). */
    public dev.basalt.records.FileReconciler fileReconciler() {
        return new dev.basalt.records.FileReconciler(db, collections, files, Clock.systemUTC());
    }

    public FileService files() {
        return files;
    }

    public SettingsService settings() {
        return settings;
    }

    /** Stops the HTTP server (letting in-flight requests finish) and closes the databases. */
    @Override
    public void close() {
        maintenance.shutdownNow();
        // SSE streams never end on their own: close them first so the HTTP server can drain
        realtime.close();
        if (http != null) {
            http.stop(config.shutdownTimeout());
            http = null;
        }
        cluster.close();
        db.close();
        auxiliary.close();
    }
}
