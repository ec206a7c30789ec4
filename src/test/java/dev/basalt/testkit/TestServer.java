package dev.basalt.testkit;

import dev.basalt.app.AppConfig;
import dev.basalt.app.Basalt;
import dev.basalt.collections.Collection;
import dev.basalt.records.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Basalt server on a free port over a data directory, with an HTTP client and helpers to get
 * tokens for the fixture's accounts without going through password hashing.
 */
public final class TestServer implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dir;
    private final boolean ownsDir;
    private final Basalt basalt;

    private TestServer(Path dir, boolean ownsDir) {
        this(dir, ownsDir, "");
    }

    private TestServer(Path dir, boolean ownsDir, String redisUrl) {
        this(dir, ownsDir, c -> c.withRedis(redisUrl));
    }

    private Runnable onClose = () -> {};

    private TestServer(Path dir, boolean ownsDir, java.util.function.UnaryOperator<AppConfig> configure) {
        this.dir = dir;
        this.ownsDir = ownsDir;
        AppConfig config = configure.apply(AppConfig.defaults().withDir(dir).withHttp("127.0.0.1", 0));
        this.basalt = Basalt.open(config).start();
    }

    /**
     * A server over a fresh copy of the fixture on {@code dialect}: for PostgreSQL and MariaDB the
     * fixture is copied into a scratch database with {@code basalt migrate-data} (dropped on close).
     */
    public static TestServer fixtureOn(dev.basalt.store.Dialect dialect) {
        if (dialect == dev.basalt.store.Dialect.SQLITE) {
            return fixture();
        }
        Path dir = Fixture.copy();
        ServerDatabase db = ServerDatabase.create(dialect);
        java.io.StringWriter out = new java.io.StringWriter();
        int code = new picocli.CommandLine(new dev.basalt.app.Main()).setOut(new java.io.PrintWriter(out))
                .setErr(new java.io.PrintWriter(out)).execute("migrate-data", "--from", dir.toString(), "--to", db.userUrl());
        if (code != 0) {
            db.close();
            Fixture.delete(dir);
            throw new IllegalStateException("migrate-data failed: " + out);
        }
        TestServer server = new TestServer(dir, true, c -> c.withDbUrl(db.userUrl()));
        server.onClose = db::close;
        return server;
    }

    /** A server over a new, empty data directory with a changed configuration. */
    public static TestServer empty(java.util.function.UnaryOperator<AppConfig> configure) {
        return new TestServer(Fixture.emptyDir().resolve("data"), true, configure);
    }

    /** A server over a fresh copy of the fixture with a changed configuration. */
    public static TestServer fixture(java.util.function.UnaryOperator<AppConfig> configure) {
        return new TestServer(Fixture.copy(), true, configure);
    }

    /** A server over an existing directory (not deleted on close) using a database server. */
    public static TestServer node(Path dir, String redisUrl, String dbUrl) {
        return new TestServer(dir, false, c -> c.withRedis(redisUrl).withDbUrl(dbUrl));
    }

    /** One node of a multi-node deployment over an existing directory (not deleted on close). */
    public static TestServer node(Path dir, String redisUrl) {
        return new TestServer(dir, false, redisUrl);
    }

    /** A server over a fresh copy of the PocketBase fixture. */
    public static TestServer fixture() {
        return new TestServer(Fixture.copy(), true);
    }

    /** A server over a new, empty data directory. */
    public static TestServer empty() {
        return new TestServer(Fixture.emptyDir().resolve("data"), true);
    }

    /** A server over an existing directory (not deleted on close). */
    public static TestServer at(Path dir) {
        return new TestServer(dir, false);
    }

    public Basalt basalt() {
        return basalt;
    }

    public Path dir() {
        return dir;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + basalt.port();
    }

    /** A valid auth token for the record with this email in this auth collection. */
    public String token(String collection, String email) {
        Collection c = basalt.collections().require(collection);
        Record r = basalt.records().findByField(c, "email", email)
                .orElseThrow(() -> new IllegalArgumentException("no " + email + " in " + collection));
        return basalt.tokens().authToken(r);
    }

    /** A token for the fixture's superuser test@example.com. */
    public String superuserToken() {
        return token("_superusers", "test@example.com");
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response send(String method, String path, String token, String body, Map<String, String> headers) {
        boolean hasType = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("content-type"));
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        if (body != null && !hasType) {
            all.put("Content-Type", "application/json");
        }
        return sendBytes(method, path, token, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), all);
    }

    /** Sends a multipart body as the SDK does. */
    public Response send(String method, String path, String token, Multipart form) {
        return sendBytes(method, path, token, form.bytes(), Map.of("Content-Type", form.contentType()));
    }

    /** Sends raw bytes with exactly the given headers. */
    public Response sendBytes(String method, String path, String token, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", token);
        }
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        basalt.close();
        if (ownsDir) {
            Fixture.delete(dir);
        }
        onClose.run();
    }
}
