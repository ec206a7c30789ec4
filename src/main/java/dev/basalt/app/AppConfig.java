package dev.basalt.app;

import dev.basalt.auth.Passwords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The immutable start-up configuration of one Basalt node, built once by {@link ConfigLoader}
 * from defaults, an optional TOML file, {@code BASALT_*} environment variables and command-line
 * flags (later sources win). Settings that can change at runtime (SMTP, S3, rate limits, ...) are
 * not here: they live in the database ({@code _params}) and are edited through the settings API.
 *
 * @param dir                the data directory ({@code dir}; default {@code ./basalt_data})
 * @param host               the interface to listen on (from {@code http}; default {@code 127.0.0.1})
 * @param port               the TCP port (from {@code http}; default {@code 8090})
 * @param origins            allowed CORS origins ({@code origins}; default {@code *})
 * @param dbUrl              external database URL ({@code db.url}); empty for the embedded SQLite
 * @param redisUrl           Redis URL for running several nodes ({@code redis.url}, e.g.
 *                           {@code redis://127.0.0.1:6379}); empty for a single node
 * @param passwordAlgorithm  hash for new passwords ({@code password.algorithm}: argon2id | bcrypt)
 * @param passwordConcurrency how many password hashes may run at once ({@code password.max-concurrent})
 * @param shutdownTimeout    how long in-flight requests may take to finish on shutdown
 *                           ({@code shutdown-timeout}, seconds; default 30)
 * @param dev                verbose logging of every request and SQL statement ({@code dev})
 * @param realtimeIdleTimeout a realtime stream without any message for this long is closed
 *                           ({@code realtime.idle-timeout}, seconds; default 300, as PocketBase)
 */
public record AppConfig(
        Path dir,
        String host,
        int port,
        List<String> origins,
        String dbUrl,
        String redisUrl,
        Passwords.Algorithm passwordAlgorithm,
        int passwordConcurrency,
        Duration shutdownTimeout,
        boolean dev,
        Duration realtimeIdleTimeout) {

    public AppConfig {
        origins = List.copyOf(origins);
    }

    /** The defaults used when nothing else is configured. */
    public static AppConfig defaults() {
        return new AppConfig(Path.of("basalt_data"), "127.0.0.1", 8090, List.of("*"), "", "",
                Passwords.Algorithm.ARGON2ID, Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                Duration.ofSeconds(30), false, Duration.ofMinutes(5));
    }

    /** A copy listening on another address (tests use port 0 for a free port). */
    public AppConfig withHttp(String host, int port) {
        return new AppConfig(dir, host, port, origins, dbUrl, redisUrl, passwordAlgorithm, passwordConcurrency,
                shutdownTimeout, dev, realtimeIdleTimeout);
    }

    /** A copy using another data directory. */
    public AppConfig withDir(Path dir) {
        return new AppConfig(dir, host, port, origins, dbUrl, redisUrl, passwordAlgorithm, passwordConcurrency,
                shutdownTimeout, dev, realtimeIdleTimeout);
    }

    /** A copy with another realtime idle timeout. */
    public AppConfig withRealtimeIdleTimeout(Duration timeout) {
        return new AppConfig(dir, host, port, origins, dbUrl, redisUrl, passwordAlgorithm, passwordConcurrency,
                shutdownTimeout, dev, timeout);
    }

    /** A copy on an external database ({@code ""}: the embedded SQLite). */
    public AppConfig withDbUrl(String url) {
        return new AppConfig(dir, host, port, origins, url, redisUrl, passwordAlgorithm, passwordConcurrency,
                shutdownTimeout, dev, realtimeIdleTimeout);
    }

    /** A copy joining the nodes that share this Redis ({@code ""}: a single node). */
    public AppConfig withRedis(String url) {
        return new AppConfig(dir, host, port, origins, dbUrl, url, passwordAlgorithm, passwordConcurrency,
                shutdownTimeout, dev, realtimeIdleTimeout);
    }
}
