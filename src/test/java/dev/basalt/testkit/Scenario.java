package dev.basalt.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An API scenario written as data: a request, who sends it, the expected status, body fragments
 * that must appear and fragments that must not. Each scenario runs against its own fresh copy
 * of the fixture (or of an empty data directory), so scenarios never affect each other.
 *
 * <pre>{@code
 * Scenario.named("guest lists demo2")
 *         .get("/api/collections/demo2/records")
 *         .expect(200)
 *         .contains("\"perPage\":30", "\"totalItems\":3");
 * }</pre>
 */
public final class Scenario {
    /** Who sends the request. */
    public sealed interface Auth {
        record Guest() implements Auth {}

        record Account(String collection, String email) implements Auth {}

        record Raw(String token) implements Auth {}

        Auth GUEST = new Guest();
        Auth SUPERUSER = new Account("_superusers", "test@example.com");

        static Auth user(String email) {
            return new Account("users", email);
        }

        static Auth account(String collection, String email) {
            return new Account(collection, email);
        }

        static Auth raw(String token) {
            return new Raw(token);
        }
    }

    private final String name;
    private String method = "GET";
    private String path = "/";
    private Auth auth = Auth.GUEST;
    private String body;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int status = 200;
    private final List<String> contains = new ArrayList<>();
    private final List<String> absent = new ArrayList<>();
    private boolean emptyDataDir;
    private BiConsumer<Response, TestServer> then = (r, s) -> { };

    private Scenario(String name) {
        this.name = name;
    }

    public static Scenario named(String name) {
        return new Scenario(name);
    }

    public Scenario request(String method, String path) {
        this.method = method;
        this.path = path;
        return this;
    }

    public Scenario get(String path) {
        return request("GET", path);
    }

    public Scenario post(String path, String body) {
        request("POST", path);
        this.body = body;
        return this;
    }

    public Scenario patch(String path, String body) {
        request("PATCH", path);
        this.body = body;
        return this;
    }

    public Scenario put(String path, String body) {
        request("PUT", path);
        this.body = body;
        return this;
    }

    public Scenario delete(String path) {
        return request("DELETE", path);
    }

    public Scenario body(String body) {
        this.body = body;
        return this;
    }

    public Scenario header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Scenario as(Auth who) {
        this.auth = who;
        return this;
    }

    public Scenario expect(int expectedStatus) {
        this.status = expectedStatus;
        return this;
    }

    public Scenario contains(String... fragments) {
        contains.addAll(List.of(fragments));
        return this;
    }

    public Scenario absent(String... fragments) {
        absent.addAll(List.of(fragments));
        return this;
    }

    /** Runs against an empty (fresh) data directory instead of the fixture. */
    public Scenario onEmptyDataDir() {
        this.emptyDataDir = true;
        return this;
    }

    /** Extra checks after the response (e.g. what was stored). */
    public Scenario then(BiConsumer<Response, TestServer> check) {
        this.then = check;
        return this;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Runs the scenario on a fresh server and asserts its expectations. */
    public void run() {
        try (TestServer server = emptyDataDir ? TestServer.empty() : TestServer.fixture()) {
            runOn(server);
        }
    }

    /** Runs the scenario on a fresh copy of the fixture on {@code dialect} (see {@link TestServer#fixtureOn}). */
    public void run(dev.basalt.store.Dialect dialect) {
        try (TestServer server = emptyDataDir ? TestServer.empty() : TestServer.fixtureOn(dialect)) {
            runOn(server);
        }
    }

    /** Runs the scenario on an existing server. */
    public Response runOn(TestServer server) {
        String token = switch (auth) {
            case Auth.Guest g -> null;
            case Auth.Account a -> server.token(a.collection(), a.email());
            case Auth.Raw r -> r.token();
        };
        Response response = server.send(method, path, token, body, headers);
        assertThat(response.status()).as("%s: status of %s %s, body %s", name, method, path, response.body()).isEqualTo(status);
        for (String fragment : contains) {
            assertThat(response.body()).as("%s: body should contain", name).contains(fragment);
        }
        for (String fragment : absent) {
            assertThat(response.body()).as("%s: body should not contain", name).doesNotContain(fragment);
        }
        then.accept(response, server);
        return response;
    }
}
