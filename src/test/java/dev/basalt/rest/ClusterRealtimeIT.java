package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Fixture;
import dev.basalt.testkit.Redis;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.SseClient;
import dev.basalt.testkit.TestServer;
import dev.basalt.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing one database and the local Redis: an SSE connection held by one node, its
 * subscriptions and OAuth2 redirect sent to the other, and writes made on either.
 */
class ClusterRealtimeIT {
    static final Duration QUIET = Duration.ofMillis(800);

    Path dir;
    TestServer a;
    TestServer b;
    String su;
    final List<SseClient> open = new ArrayList<>();

    @BeforeEach
    void start() {
        String redis = Redis.require();
        dir = Fixture.copy();
        a = TestServer.node(dir, redis);
        b = TestServer.node(dir, redis);
        su = a.superuserToken();
        Response r = a.send("POST", "/api/collections", su, Json.write(Map.of(
                "name", "rt_posts", "type", "base",
                "listRule", "public = true || owner = @request.auth.id",
                "viewRule", "public = true || owner = @request.auth.id",
                "fields", List.of(Map.of("name", "title", "type", "text"), Map.of("name", "public", "type", "bool"),
                        Map.of("name", "owner", "type", "relation", "collectionId", "_pb_users_auth_", "maxSelect", 1)))), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // node b learns about the new collection through the cluster
        awaitTrue(() -> b.get("/api/collections/rt_posts", su).status() == 200, "the schema change reaching node b");
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @AfterEach
    void stop() {
        open.forEach(SseClient::close);
        if (a != null) {
            a.close();
            b.close();
            Fixture.delete(dir);
        }
    }

    SseClient connect(TestServer node) throws Exception {
        SseClient c = SseClient.connect(node.baseUrl());
        open.add(c);
        return c;
    }

    static Response subscribe(TestServer via, SseClient c, String token, String... subs) {
        return via.send("POST", "/api/realtime", token, Json.write(Map.of("clientId", c.clientId(), "subscriptions", List.of(subs))), Map.of());
    }

    void create(TestServer via, Map<String, Object> body) {
        Response r = via.send("POST", "/api/collections/rt_posts/records", su, Json.write(body), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void connectOnOneNodeSubscribeThroughTheOtherReceiveWritesOfBothExactlyOnce() throws Exception {
        SseClient onA = connect(a);
        assertThat(subscribe(b, onA, su, "rt_posts/*").status()).isEqualTo(204);
        SseClient onB = connect(b);
        assertThat(subscribe(a, onB, su, "rt_posts/*").status()).isEqualTo(204);

        create(a, Map.of("id", "writtenonnodea1", "title", "a"));
        create(b, Map.of("id", "writtenonnodeb1", "title", "b"));
        Response del = b.send("DELETE", "/api/collections/rt_posts/records/writtenonnodea1", su, null, Map.of());
        assertThat(del.status()).isEqualTo(204);

        for (SseClient c : List.of(onA, onB)) {
            assertThat(SseClient.summary(c.drain(QUIET))).containsExactlyInAnyOrder("rt_posts/* create writtenonnodea1",
                    "rt_posts/* create writtenonnodeb1", "rt_posts/* delete writtenonnodea1");
        }
    }

    @Test
    void rulesAreCheckedOnTheSubscribersNodeIncludingDeletes() throws Exception {
        String user1 = "4q1xlclmfloku33";
        SseClient owner = connect(a);
        assertThat(subscribe(b, owner, a.token("users", "test@example.com"), "rt_posts/*").status()).isEqualTo(204);
        SseClient other = connect(a);
        assertThat(subscribe(b, other, a.token("users", "test2@example.com"), "rt_posts/*").status()).isEqualTo(204);

        create(b, Map.of("id", "privateonnodeb1", "title", "p", "owner", user1));
        assertThat(b.send("DELETE", "/api/collections/rt_posts/records/privateonnodeb1", su, null, Map.of()).status()).isEqualTo(204);
        assertThat(SseClient.summary(owner.drain(QUIET))).containsExactly("rt_posts/* create privateonnodeb1", "rt_posts/* delete privateonnodeb1");
        assertThat(other.drain(QUIET)).isEmpty();
    }

    @Test
    void schemaAndSettingsChangesReachTheOtherNode() {
        Response patched = a.send("PATCH", "/api/settings", su, "{\"meta\":{\"appName\":\"Changed on A\"}}", Map.of());
        assertThat(patched.status()).isEqualTo(200);
        awaitTrue(() -> b.get("/api/settings", su).json().at("/meta/appName").asString().equals("Changed on A"), "settings on node b");
        Response deleted = b.send("DELETE", "/api/collections/rt_posts", su, null, Map.of());
        assertThat(deleted.status()).isEqualTo(204);
        awaitTrue(() -> a.get("/api/collections/rt_posts", su).status() == 404, "the deletion on node a");
    }

    @Test
    void forwardedRequestsKeepPocketBasesErrors() throws Exception {
        SseClient onA = connect(a);
        assertThat(subscribe(b, onA, a.token("users", "test@example.com"), "rt_posts/*").status()).isEqualTo(204);
        Response switched = subscribe(b, onA, a.token("users", "test2@example.com"), "rt_posts/*");
        assertThat(switched.status()).isEqualTo(403);
        assertThat(switched.json().get("message").asString()).isEqualTo("The current and the previous request authorization don't match.");
        Response unknown = b.send("POST", "/api/realtime", null, "{\"clientId\":\"" + "x".repeat(40) + "\",\"subscriptions\":[]}", Map.of());
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void theOAuth2RedirectReachesTheConnectionOnTheOtherNode() throws Exception {
        SseClient onA = connect(a);
        assertThat(subscribe(b, onA, null, "@oauth2").status()).isEqualTo(204);
        HttpResponse<String> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
                HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/oauth2-redirect?code=the-code&state=" + onA.clientId())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Location").orElse("")).contains("oauth2-redirect-success");
        SseClient.Event e = onA.next(Duration.ofSeconds(5));
        assertThat(e.name()).isEqualTo("@oauth2");
        assertThat(e.json().get("code").asString()).isEqualTo("the-code");
    }
}
